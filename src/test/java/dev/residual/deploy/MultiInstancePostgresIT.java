package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import dev.residual.support.SseClient;
import dev.residual.support.SseClient.Event;
import dev.residual.support.TestImages;
import dev.residual.support.TestPostgres;
import java.awt.Color;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas, as two real processes on one PostgreSQL schema and one data directory, the way the
 * Helm chart runs several pods on one database and one ReadWriteMany volume: jobs submitted through
 * either API are each claimed once and run once, both replicas do work, a job running on one
 * streams live through the other, a checkpoint written by one downloads from the other, and a model
 * published through one predicts on the other.
 */
class MultiInstancePostgresIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String A = "replica-a";
  static final String B = "replica-b";
  static final int JOBS = 12;

  @TempDir Path dataDir;

  @Test
  void twoReplicasShareTheQueueTheEventsTheCheckpointsAndTheModels() throws Exception {
    TestPostgres.Database db = TestPostgres.fresh();
    // A migrates the schema first; B then starts on it.
    try (ServiceProcess a = replica(db, A).start();
        ServiceProcess b = replica(db, B).start()) {
      Map<String, Http> apis = Map.of(A, a.http(), B, b.http());
      Map<String, String> logs = new HashMap<>();

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(submit(apis.get(i % 2 == 0 ? A : B), 2, 2, i));
      }
      Map<String, Integer> claimers = new TreeMap<>();
      for (String id : ids) {
        JsonNode job = PostgresOutageIT.awaitEnd(a.http(), id, Duration.ofMinutes(3));
        logs.put(A, a.logText());
        logs.put(B, b.logText());
        assertThat(job.get("status").asString())
            .as("job %s; logs %s", id, tails(logs))
            .isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).as("claimed once").isEqualTo(1);
        assertThat(job.get("epochsCompleted").asInt()).isEqualTo(2);
        String claimedBy = job.get("claimedBy").asString();
        assertThat(claimedBy).isIn(A, B);
        claimers.merge(claimedBy, 1, Integer::sum);
        String other = claimedBy.equals(A) ? B : A;
        // The whole history, replayed by the replica that did not run the job.
        Http replay = apis.get(other);
        List<Event> events =
            SseClient.readAll(
                replay.client(),
                replay.uri("/api/v1/training-jobs/" + id + "/events"),
                null,
                Duration.ofSeconds(30));
        assertRanOnce(events, claimedBy);
        assertThat(PostgresOutageIT.epochs(apis.get(other), id)).containsExactly(1, 2);
      }
      System.out.println("Jobs run per replica: " + claimers);
      assertThat(claimers.keySet()).as("both replicas ran jobs").containsExactly(A, B);

      // A longer job, followed live through the replica that does not run it.
      String id = submit(a.http(), 2, 80, 99);
      JsonNode started = awaitTraining(a.http(), id);
      String runner = started.get("claimedBy").asString();
      String follower = runner.equals(A) ? B : A;
      // Opened while the job runs: at least its last epoch and its end arrive live.
      CompletableFuture<List<Event>> stream = PostgresOutageIT.follow(apis.get(follower), id);
      List<Event> events = stream.get(3, TimeUnit.MINUTES);
      assertRanOnce(events, runner);
      assertThat(events.stream().map(Event::type)).contains("batch");
      JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
      String checkpointId = done.get("bestCheckpointId").asString();

      // Its checkpoint, written by the runner, from either replica.
      JsonNode listed =
          JSON.readTree(apis.get(follower).get("/api/v1/checkpoints?jobId=" + id).body());
      List<String> listedIds = new ArrayList<>();
      listed.forEach(c -> listedIds.add(c.get("id").asString()));
      assertThat(listedIds).contains(checkpointId);
      byte[] fromRunner = download(apis.get(runner), checkpointId);
      byte[] fromFollower = download(apis.get(follower), checkpointId);
      assertThat(fromFollower).hasSizeGreaterThan(1_000).isEqualTo(fromRunner);

      // Published through the runner, predicting on the follower once its registry sync loads it.
      String model = "{\"name\": \"shared\", \"checkpointId\": \"" + checkpointId + "\"}";
      HttpResponse<String> created = apis.get(runner).post("/api/v1/models", model);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode prediction = awaitPrediction(apis.get(follower), Duration.ofSeconds(60));
      assertThat(prediction.get("model").asString()).isEqualTo("shared");
      assertThat(prediction.get("version").asInt()).isEqualTo(1);
      assertThat(prediction.get("predictions").get(0).get("classes").size()).isEqualTo(5);
      assertThat(predict(apis.get(runner)).statusCode()).isEqualTo(200);

      assertThat(a.logText()).doesNotContain("Exception in thread", "Lost the lease");
      assertThat(b.logText()).doesNotContain("Exception in thread", "Lost the lease");
    }
  }

  private ServiceProcess replica(TestPostgres.Database db, String name) throws Exception {
    return new ServiceProcess(
        dataDir,
        ServiceProcess.freePort(),
        "--spring.datasource.url=" + db.url(),
        "--spring.datasource.username=" + db.username(),
        "--spring.datasource.password=" + db.password(),
        "--residual.training.instance-id=" + name,
        "--residual.training.poll-interval=200ms",
        "--residual.training.batch-event-interval=200ms",
        "--residual.inference.sync-interval=1s");
  }

  /** Status QUEUED, RUNNING on {@code runner}, SUCCEEDED; each epoch and checkpoint once; done. */
  private static void assertRanOnce(List<Event> events, String runner) {
    assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
    List<JsonNode> statuses =
        events.stream()
            .filter(e -> e.type().equals("status"))
            .map(e -> JSON.readTree(e.data()))
            .toList();
    assertThat(statuses)
        .extracting(s -> s.get("status").asString())
        .containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
    assertThat(statuses.get(1).get("instance").asString()).isEqualTo(runner);
    List<Integer> epochs = new ArrayList<>();
    events.stream()
        .filter(e -> e.type().equals("epoch"))
        .forEach(e -> epochs.add(JSON.readTree(e.data()).get("epoch").asInt()));
    assertThat(epochs).as("epoch events").containsExactly(1, 2);
    assertThat(events.stream().filter(e -> e.type().equals("checkpoint")).count()).isEqualTo(2);
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
  }

  private static String submit(Http http, int epochs, int trainBatches, long seed) {
    HttpResponse<String> submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + PostgresOutageIT.TINY
                + ", \"epochs\": "
                + epochs
                + ", \"batchSize\": 32, \"seed\": "
                + seed
                + ", \"limitTrainBatches\": "
                + trainBatches
                + ", \"limitValidBatches\": 1}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    return JSON.readTree(submitted.body()).get("id").asString();
  }

  private static JsonNode awaitTraining(Http http, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
      if ("RUNNING".equals(job.get("status").asString()) && job.get("progress").asDouble() > 0) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not start training");
  }

  private static byte[] download(Http http, String checkpointId) throws Exception {
    HttpResponse<byte[]> response =
        http.client()
            .send(
                HttpRequest.newBuilder(
                        http.uri("/api/v1/checkpoints/" + checkpointId + "/download"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> predict(Http http) {
    byte[] png = TestImages.encode(TestImages.filled(28, 28, Color.GRAY), "png");
    return http.send(
        HttpRequest.newBuilder(http.uri("/api/v1/models/shared/predictions"))
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(png))
            .build());
  }

  private static JsonNode awaitPrediction(Http http, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = predict(http);
      if (last.statusCode() == 200) {
        return JSON.readTree(last.body());
      }
      assertThat(last.statusCode()).as("while loading: %s", last.body()).isEqualTo(503);
      Thread.sleep(250);
    }
    throw new AssertionError("no prediction in " + timeout + "; last answer: " + last.body());
  }

  private static String tails(Map<String, String> logs) {
    StringBuilder out = new StringBuilder();
    logs.forEach(
        (name, log) ->
            out.append("\n--- ").append(name).append(":\n").append(PostgresOutageIT.tail(log)));
    return out.toString();
  }
}

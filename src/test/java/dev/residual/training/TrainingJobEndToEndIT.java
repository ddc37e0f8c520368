package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.support.SseClient;
import dev.residual.support.SseClient.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real job on a Fashion-MNIST subset driven over HTTP: events arrive in order with their fields,
 * checkpoints are saved, the job succeeds far above chance, and a reconnect replays what it missed.
 */
@ResidualIntegrationTest
class TrainingJobEndToEndIT {

  static final String TINY =
      "{\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1], \"block\": \"basic\"}";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  @Test
  void trainsATinyResNetAndStreamsItsEvents() throws Exception {
    Http http = new Http(port);
    var submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 2, \"batchSize\": 64, \"optimizer\": \"adamw\", \"learningRate\": 0.005, \"seed\": 7,"
                + " \"limitTrainBatches\": 60, \"limitValidBatches\": 20, \"keepCheckpoints\": 1}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    JsonNode job = JSON.readTree(submitted.body());
    String id = job.get("id").asString();
    assertThat(job.get("status").asString()).isEqualTo("QUEUED");
    assertThat(submitted.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/training-jobs/" + id));

    List<Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + id + "/events"),
            null,
            Duration.ofMinutes(4));

    assertThat(events).isNotEmpty();
    assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
    assertThat(events.get(0).type()).isEqualTo("status");
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
    List<String> types = events.stream().map(Event::type).toList();
    assertThat(types)
        .containsSubsequence(
            "status", "batch", "epoch", "checkpoint", "epoch", "checkpoint", "done");

    JsonNode batch = JSON.readTree(first(events, "batch").data());
    for (String field :
        List.of(
            "epoch",
            "batch",
            "batches",
            "loss",
            "learningRate",
            "imagesPerSecond",
            "progress",
            "etaSeconds")) {
      assertThat(batch.has(field)).as("batch event has %s: %s", field, batch).isTrue();
    }
    List<JsonNode> epochs =
        events.stream()
            .filter(e -> e.type().equals("epoch"))
            .map(e -> JSON.readTree(e.data()))
            .toList();
    assertThat(epochs).hasSize(2);
    for (String field :
        List.of("epoch", "trainLoss", "validLoss", "top1", "top5", "seconds", "imagesPerSecond")) {
      assertThat(epochs.get(1).has(field)).as("epoch event has %s", field).isTrue();
    }
    assertThat(epochs.get(1).get("top1").asDouble())
        .as("top-1 far above chance (0.1)")
        .isGreaterThan(0.6);
    assertThat(epochs.get(1).get("top5").asDouble())
        .isGreaterThan(epochs.get(1).get("top1").asDouble());

    JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
    String best = done.get("bestCheckpointId").asString();

    JsonNode finished = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
    assertThat(finished.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(finished.get("epochsCompleted").asInt()).isEqualTo(2);
    assertThat(finished.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(finished.get("bestCheckpointId").asString()).isEqualTo(best);

    var checkpoints = JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + id).body());
    assertThat(checkpoints.size()).as("best + last 1 kept").isBetween(1, 2);
    var checkpoint = JSON.readTree(http.get("/api/v1/checkpoints/" + best).body());
    assertThat(checkpoint.get("metadata").get("classes").get(0).asString())
        .isEqualTo("T-shirt/top");

    var metrics = JSON.readTree(http.get("/api/v1/training-jobs/" + id + "/metrics").body());
    assertThat(metrics.size()).isEqualTo(2);
    var csv = http.get("/api/v1/training-jobs/" + id + "/metrics", "text/csv");
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.body().lines()).hasSize(3).first().asString().startsWith("epoch,trainLoss");

    // A client that reconnects after the first epoch gets the rest, from the database, then done.
    long afterFirstEpoch = first(events, "epoch").id();
    List<Event> replay =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + id + "/events"),
            afterFirstEpoch,
            Duration.ofSeconds(30));
    assertThat(replay).extracting(Event::id).allMatch(e -> e > afterFirstEpoch);
    assertThat(replay)
        .extracting(Event::id)
        .containsExactlyElementsOf(
            events.stream().map(Event::id).filter(e -> e > afterFirstEpoch).toList());
  }

  @Test
  void cancellingARunningJobStopsItAtTheNextBatch() throws Exception {
    Http http = new Http(port);
    var submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 3, \"batchSize\": 32, \"limitTrainBatches\": 400, \"limitValidBatches\": 5}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String id = JSON.readTree(submitted.body()).get("id").asString();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!JSON.readTree(http.get("/api/v1/training-jobs/" + id).body())
        .get("status")
        .asString()
        .equals("RUNNING")) {
      assertThat(System.nanoTime()).as("job starts").isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(1000);

    var cancel = http.post("/api/v1/training-jobs/" + id + "/cancel", "");
    assertThat(cancel.statusCode()).isEqualTo(202);
    long cancelledAt = System.nanoTime();
    List<Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + id + "/events"),
            null,
            Duration.ofSeconds(60));
    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt))
        .as("stops at the next batch")
        .isLessThan(Duration.ofSeconds(20));
    Event done = events.get(events.size() - 1);
    assertThat(done.type()).isEqualTo("done");
    assertThat(JSON.readTree(done.data()).get("status").asString()).isEqualTo("CANCELLED");
    JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
    assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(job.get("epochsCompleted").asInt()).isLessThan(3);
  }

  private static Event first(List<Event> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
  }
}

package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * The training recipe over HTTP on real Fashion-MNIST: an LR-finder job runs through the queue to a
 * suggestion, then a short label-smoothed training job, whose last checkpoint, evaluated on the
 * same validation batches, reproduces the job's last validation metrics.
 */
@ResidualIntegrationTest
class RecipeEndToEndIT {

  static final String TINY = TrainingJobEndToEndIT.TINY;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  @Test
  void findsALearningRateThenTrainsAndEvaluatesTheCheckpoint() throws Exception {
    Http http = new Http(port);

    // 1. The LR finder: a job like any other, with its own request and result.
    var submitted =
        http.post(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"batchSize\": 32, \"startLr\": 1e-6, \"endLr\": 10, \"numIterations\": 60,"
                + " \"seed\": 11}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String finder = JSON.readTree(submitted.body()).get("id").asString();
    assertThat(submitted.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/training-jobs/" + finder));

    List<Event> events = events(http, finder);
    List<String> types = events.stream().map(Event::type).toList();
    assertThat(types).containsSubsequence("status", "status", "batch", "status", "done");
    assertThat(types).doesNotContain("epoch", "checkpoint");
    JsonNode batch = JSON.readTree(first(events, "batch").data());
    for (String field :
        List.of(
            "batch", "batches", "loss", "smoothedLoss", "learningRate", "progress", "etaSeconds")) {
      assertThat(batch.has(field)).as("batch event has %s: %s", field, batch).isTrue();
    }
    assertThat(batch.get("batches").asInt()).isEqualTo(60);
    JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
    double suggested = done.get("suggestedLearningRate").asDouble();
    assertThat(suggested).isFinite().isBetween(1e-6, 10.0);
    assertThat(done.get("minimumLearningRate").asDouble()).isFinite().isPositive();

    JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + finder).body());
    assertThat(job.get("kind").asString()).isEqualTo("lr-finder");
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
    JsonNode result = job.get("lrFinder");
    assertThat(result.get("suggestedLearningRate").asDouble()).isEqualTo(suggested);
    JsonNode points = result.get("points");
    assertThat(points.size()).isEqualTo(result.get("iterations").asInt()).isBetween(10, 60);
    assertThat(points.get(0).get("learningRate").asDouble()).isCloseTo(1e-6, within(1e-12));
    assertThat(points.get(0).get("loss").asDouble())
        .as("chance is ln 10")
        .isCloseTo(Math.log(10), within(0.5));
    assertThat(result.get("stopReason").asString()).isIn("completed", "diverged");
    assertThat(JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + finder).body()).size())
        .as("the sweep's weights are thrown away")
        .isZero();

    // 2. A short job with one-cycle, label smoothing and progressive resizing (20 px, then 28 px).
    var training =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 2, \"batchSize\": 64, \"optimizer\": \"adamw\", \"learningRate\": 0.005, \"seed\": 7,"
                + " \"labelSmoothing\": 0.1, \"limitTrainBatches\": 40, \"limitValidBatches\": 10,"
                + " \"schedule\": \"one-cycle\", \"pctStart\": 0.3,"
                + " \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 1, \"size\": 28}],"
                + " \"keepCheckpoints\": 1}");
    assertThat(training.statusCode()).as(training.body()).isEqualTo(202);
    String trainer = JSON.readTree(training.body()).get("id").asString();
    List<Event> trainingEvents = events(http, trainer);
    Event end = trainingEvents.get(trainingEvents.size() - 1);
    assertThat(end.type()).as("the stream ended with %s", end).isEqualTo("done");
    assertThat(JSON.readTree(end.data()).get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(trainingEvents.stream().map(Event::type).toList())
        .containsSubsequence(
            "status", "batch", "epoch", "checkpoint", "batch", "epoch", "checkpoint", "done");
    // One-cycle: the first step (always reported) starts at learningRate / 25; no step exceeds
    // learningRate; events are sampled (one per 200 ms here), so the peak is only approached.
    List<Double> rates =
        trainingEvents.stream()
            .filter(e -> e.type().equals("batch"))
            .map(e -> JSON.readTree(e.data()).get("learningRate").asDouble())
            .toList();
    assertThat(rates.get(0)).isCloseTo(0.005 / 25, within(1e-9));
    assertThat(rates).allSatisfy(rate -> assertThat(rate).isLessThanOrEqualTo(0.005 + 1e-12));
    assertThat(rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .isGreaterThan(0.002);
    JsonNode metrics =
        JSON.readTree(http.get("/api/v1/training-jobs/" + trainer + "/metrics").body());
    JsonNode lastEpoch = metrics.get(metrics.size() - 1);
    assertThat(lastEpoch.get("epoch").asInt()).isEqualTo(2);
    JsonNode checkpoints = JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + trainer).body());
    JsonNode last = checkpoints.get(0);
    assertThat(last.get("epoch").asInt()).isEqualTo(2);
    // The last epoch trained and validated at the last size, which the checkpoint records.
    JsonNode described =
        JSON.readTree(http.get("/api/v1/checkpoints/" + last.get("id").asString()).body());
    assertThat(described.get("metadata").get("inputShape").toString()).isEqualTo("[1,28,28]");

    // 3. The last checkpoint on the job's validation batches gives the job's last metrics.
    var evaluated =
        http.post(
            "/api/v1/checkpoints/" + last.get("id").asString() + "/evaluations",
            "{\"dataset\": \"fashion-mnist\", \"split\": \"valid\", \"limitBatches\": 10}");
    assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
    JsonNode evaluation = JSON.readTree(evaluated.body());
    assertThat(evaluation.get("images").asLong()).isEqualTo(640);
    assertThat(evaluation.get("batchSize").asInt()).as("the job's").isEqualTo(64);
    assertThat(evaluation.get("labelSmoothing").asDouble()).as("the job's").isEqualTo(0.1);
    assertThat(evaluation.get("top1").asDouble()).isEqualTo(lastEpoch.get("top1").asDouble());
    assertThat(evaluation.get("top5").asDouble()).isEqualTo(lastEpoch.get("top5").asDouble());
    assertThat(evaluation.get("loss").asDouble())
        .isCloseTo(lastEpoch.get("validLoss").asDouble(), within(1e-5));
    assertThat(evaluation.get("top1").asDouble()).as("far above chance").isGreaterThan(0.5);

    JsonNode perClass = evaluation.get("perClass");
    JsonNode matrix = evaluation.get("confusionMatrix");
    assertThat(perClass.size()).isEqualTo(10);
    assertThat(matrix.size()).isEqualTo(10);
    assertThat(perClass.get(9).get("label").asString()).isEqualTo("Ankle boot");
    long total = 0;
    long diagonal = 0;
    for (int t = 0; t < 10; t++) {
      long row = 0;
      for (int p = 0; p < 10; p++) {
        row += matrix.get(t).get(p).asLong();
      }
      assertThat(perClass.get(t).get("count").asLong()).isEqualTo(row);
      if (row > 0) {
        assertThat(perClass.get(t).get("accuracy").asDouble())
            .isCloseTo((double) matrix.get(t).get(t).asLong() / row, within(1e-12));
      }
      total += row;
      diagonal += matrix.get(t).get(t).asLong();
    }
    assertThat(total).isEqualTo(640);
    assertThat((double) diagonal / total)
        .isCloseTo(evaluation.get("top1").asDouble(), within(1.0 / 640));

    var onTrain =
        http.post(
            "/api/v1/checkpoints/" + last.get("id").asString() + "/evaluations",
            "{\"dataset\": \"fashion-mnist\", \"split\": \"train\", \"limitBatches\": 2, \"batchSize\": 50}");
    assertThat(onTrain.statusCode()).as(onTrain.body()).isEqualTo(200);
    assertThat(JSON.readTree(onTrain.body()).get("images").asLong()).isEqualTo(100);
  }

  private static List<Event> events(Http http, String id) throws Exception {
    return SseClient.readAll(
        http.client(),
        http.uri("/api/v1/training-jobs/" + id + "/events"),
        null,
        Duration.ofMinutes(8));
  }

  private static Event first(List<Event> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
  }
}

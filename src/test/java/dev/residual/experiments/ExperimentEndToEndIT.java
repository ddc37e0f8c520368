package dev.residual.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.support.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 2-variant × 2-seed experiment of tiny jobs on Fashion-MNIST, followed over SSE to {@code done};
 * its per-variant statistics are recomputed here from the jobs' own metrics.
 */
@ResidualIntegrationTest
class ExperimentEndToEndIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String REQUEST =
      "{\"name\": \"smoothing\", \"base\": {\"dataset\": \"fashion-mnist\", \"architecture\":"
          + " {\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1]}, \"epochs\": 2,"
          + " \"batchSize\": 32, \"limitTrainBatches\": 3, \"limitValidBatches\": 2},"
          + " \"variants\": [{\"name\": \"ls-0\", \"overrides\": {\"labelSmoothing\": 0}},"
          + " {\"name\": \"ls-0.1\", \"overrides\": {\"labelSmoothing\": 0.1}}],"
          + " \"seeds\": [1, 2], \"evaluateAtImageSize\": 32}";

  @LocalServerPort int port;

  @Test
  void runsToDoneAndAggregatesEachVariantFromItsJobs() throws Exception {
    Http http = new Http(port);
    var created = http.post("/api/v1/experiments", REQUEST);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String id = JSON.readTree(created.body()).get("id").asString();

    List<SseClient.Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/experiments/" + id + "/events"),
            null,
            Duration.ofMinutes(4));

    SseClient.Event done = events.get(events.size() - 1);
    assertThat(done.type()).isEqualTo("done");
    JsonNode summary = JSON.readTree(done.data());
    assertThat(summary.get("status").asString()).as(summary.toString()).isEqualTo("SUCCEEDED");
    assertThat(summary.get("succeeded").asInt()).isEqualTo(4);
    List<SseClient.Event> epochs = events.stream().filter(e -> e.type().equals("epoch")).toList();
    assertThat(epochs).as("2 epochs of 4 jobs").hasSize(8);
    for (SseClient.Event epoch : epochs) {
      JsonNode data = JSON.readTree(epoch.data());
      assertThat(data.get("variant").asString()).isIn("ls-0", "ls-0.1");
      assertThat(data.get("seed").asLong()).isIn(1L, 2L);
      assertThat(data.has("jobId") && data.has("top1")).isTrue();
    }
    assertThat(events).extracting(SseClient.Event::type).doesNotContain("batch", "checkpoint");

    // Resuming after the fourth event replays exactly the rest, done included.
    List<SseClient.Event> resumed =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/experiments/" + id + "/events"),
            events.get(3).id(),
            Duration.ofSeconds(30));
    assertThat(resumed).isEqualTo(events.subList(4, events.size()));

    // Each best checkpoint is evaluated at the second size once its job has ended: the results
    // carry it a moment after the experiment's done.
    JsonNode results =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> JSON.readTree(http.get("/api/v1/experiments/" + id + "/results").body()),
                r -> {
                  for (JsonNode variant : r.get("variants")) {
                    for (JsonNode row : variant.get("jobs")) {
                      if (row.get("secondSize") == null) {
                        return false;
                      }
                    }
                  }
                  return true;
                });
    assertThat(results.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(results.get("jobs")).hasSize(4);
    for (JsonNode variant : results.get("variants")) {
      assertThat(variant.get("n").asInt()).isEqualTo(2);
      Map<String, List<Double>> own = new HashMap<>();
      List<List<Double>> curves = new ArrayList<>();
      for (JsonNode row : variant.get("jobs")) {
        JsonNode job =
            JSON.readTree(http.get("/api/v1/training-jobs/" + row.get("jobId").asString()).body());
        assertThat(job.get("experiment").get("variant").asString())
            .isEqualTo(variant.get("name").asString());
        own.computeIfAbsent("bestTop1", k -> new ArrayList<>())
            .add(job.get("bestMetrics").get("top1").asDouble());
        own.computeIfAbsent("lastTop5", k -> new ArrayList<>())
            .add(job.get("latestMetrics").get("top5").asDouble());
        own.computeIfAbsent("lastTrainLoss", k -> new ArrayList<>())
            .add(job.get("latestMetrics").get("trainLoss").asDouble());
        own.computeIfAbsent("lastValidLoss", k -> new ArrayList<>())
            .add(job.get("latestMetrics").get("validLoss").asDouble());
        own.computeIfAbsent("seconds", k -> new ArrayList<>())
            .add(job.get("durationSeconds").asDouble());
        List<Double> curve = new ArrayList<>();
        JSON.readTree(
                http.get("/api/v1/training-jobs/" + job.get("id").asString() + "/metrics").body())
            .forEach(e -> curve.add(e.get("top1").asDouble()));
        curves.add(curve);
        assertThat(row.get("secondSize").get("imageSize").asInt()).isEqualTo(32);
        assertThat(row.get("secondSize").get("top1").asDouble()).isBetween(0.0, 1.0);
      }
      JsonNode metrics = variant.get("metrics");
      own.forEach(
          (key, values) -> {
            JsonNode stats = metrics.get(key);
            assertThat(stats.get("n").asInt()).as(key).isEqualTo(2);
            assertThat(stats.get("mean").asDouble()).as(key).isCloseTo(mean(values), within(1e-9));
            assertThat(stats.get("std").asDouble()).as(key).isCloseTo(std(values), within(1e-9));
          });
      assertThat(metrics.get("parameters").get("mean").asDouble()).isPositive();
      assertThat(metrics.get("parameters").get("std").asDouble()).as("same network").isZero();
      assertThat(metrics.get("secondSizeTop1").get("n").asInt()).isEqualTo(2);
      JsonNode curve = variant.get("curve");
      assertThat(curve).hasSize(2);
      for (int e = 0; e < 2; e++) {
        int epoch = e;
        assertThat(curve.get(e).get("top1").get("mean").asDouble())
            .isCloseTo(mean(curves.stream().map(c -> c.get(epoch)).toList()), within(1e-9));
      }
    }

    List<String> csv =
        http.get("/api/v1/experiments/" + id + "/results", "text/csv").body().lines().toList();
    assertThat(csv).hasSize(1 + 4 + 2);
    assertThat(csv.subList(1, 5)).allSatisfy(line -> assertThat(line).startsWith("job,"));
    assertThat(csv.subList(5, 7)).allSatisfy(line -> assertThat(line).startsWith("variant,"));

    assertThat(http.delete("/api/v1/experiments/" + id).statusCode()).isEqualTo(204);
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  static double std(List<Double> values) {
    double mean = mean(values);
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.size() - 1));
  }
}

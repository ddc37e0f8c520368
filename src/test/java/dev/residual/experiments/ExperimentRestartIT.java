package dev.residual.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kill the service with SIGKILL in the middle of an experiment, while a second experiment is being
 * submitted, and start it again on the same database: every cell of every experiment that exists
 * has exactly one job, and the first experiment runs to the end.
 */
class ExperimentRestartIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String REQUEST =
      "{\"base\": {\"dataset\": \"fashion-mnist\", \"architecture\": {\"stem\": [8, 8, 16],"
          + " \"widths\": [16, 32], \"blocks\": [1, 1]}, \"epochs\": 1, \"batchSize\": 32,"
          + " \"limitTrainBatches\": 25, \"limitValidBatches\": 2},"
          + " \"variants\": [{\"name\": \"plain\", \"overrides\": {\"labelSmoothing\": 0}},"
          + " {\"name\": \"smooth\", \"overrides\": {\"labelSmoothing\": 0.1}}], \"seeds\": [1, 2]}";

  @TempDir Path dataDir;

  @Test
  void aKilledServiceLeavesEveryCellWithExactlyOneJob() throws Exception {
    int port = ServiceProcess.freePort();
    String id;
    try (ServiceProcess first =
        new ServiceProcess(dataDir, port, "--residual.training.batch-event-interval=100ms")
            .start()) {
      Http http = first.http();
      var created = http.post("/api/v1/experiments", REQUEST);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
      id = JSON.readTree(created.body()).get("id").asString();

      awaitMidExperiment(http, id, Duration.ofMinutes(4));
      // A second submission races the kill: it either committed whole or left nothing.
      CompletableFuture<Void> racing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  http.post("/api/v1/experiments", REQUEST);
                } catch (RuntimeException connectionLost) {
                  // Expected when the kill wins.
                }
              });
      Thread.sleep(5);
      first.kill();
      racing.get();
    }

    try (ServiceProcess second = new ServiceProcess(dataDir, port).start()) {
      Http http = second.http();
      JsonNode experiment = awaitTerminal(http, id, Duration.ofMinutes(5));
      assertThat(experiment.get("status").asString()).as(second.logText()).isEqualTo("SUCCEEDED");
      assertThat(cells(experiment))
          .containsExactlyInAnyOrder("plain/1", "plain/2", "smooth/1", "smooth/2");

      JsonNode list = JSON.readTree(http.get("/api/v1/experiments").body());
      long jobs =
          JSON.readTree(http.get("/api/v1/training-jobs?size=200").body()).get("total").asLong();
      long expected = 0;
      for (JsonNode item : list.get("items")) {
        JsonNode each =
            JSON.readTree(http.get("/api/v1/experiments/" + item.get("id").asString()).body());
        assertThat(cells(each))
            .as("each cell once")
            .containsExactlyInAnyOrder("plain/1", "plain/2", "smooth/1", "smooth/2");
        expected += 4;
        if (!item.get("id").asString().equals(id)) {
          http.post("/api/v1/experiments/" + item.get("id").asString() + "/cancel", "");
        }
      }
      assertThat(jobs).as("no job outside an experiment, none twice").isEqualTo(expected);
    }
  }

  private static List<String> cells(JsonNode experiment) {
    List<String> cells = new ArrayList<>();
    for (JsonNode variant : experiment.get("variants")) {
      for (JsonNode job : variant.get("jobs")) {
        cells.add(variant.get("name").asString() + "/" + job.get("seed").asLong());
      }
    }
    return cells;
  }

  /** Waits until one job has ended and the next is a few batches in. */
  private static void awaitMidExperiment(Http http, String id, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode experiment = JSON.readTree(http.get("/api/v1/experiments/" + id).body());
      long succeeded = 0;
      boolean runningInside = false;
      for (JsonNode variant : experiment.get("variants")) {
        for (JsonNode job : variant.get("jobs")) {
          succeeded += job.get("status").asString().equals("SUCCEEDED") ? 1 : 0;
          runningInside |=
              job.get("status").asString().equals("RUNNING")
                  && job.get("progress").asDouble() > 0.1;
        }
      }
      if (succeeded >= 1 && runningInside) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("experiment " + id + " did not get half-way in " + timeout);
  }

  private static JsonNode awaitTerminal(Http http, String id, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode experiment = JSON.readTree(http.get("/api/v1/experiments/" + id).body());
      if (!List.of("QUEUED", "RUNNING").contains(experiment.get("status").asString())) {
        return experiment;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("experiment " + id + " did not end in " + timeout);
  }
}

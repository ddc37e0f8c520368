package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kill the service with SIGKILL in the middle of a job and start it again on the same database and
 * data directory: the job resumes from its latest checkpoint and ends with exactly the requested
 * number of epochs.
 */
class CrashResumeIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  @Test
  void aKilledJobResumesFromItsLastCheckpoint() throws Exception {
    int port = ServiceProcess.freePort();
    String id;
    // Progress is reported every 100 ms, so that the test sees the job inside its second epoch.
    try (ServiceProcess first =
        new ServiceProcess(dataDir, port, "--residual.training.batch-event-interval=100ms")
            .start()) {
      Http http = first.http();
      var submitted =
          http.post(
              "/api/v1/training-jobs",
              "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                  + TrainingJobEndToEndIT.TINY
                  + ", \"epochs\": 3, \"batchSize\": 64, \"seed\": 11,"
                  + " \"limitTrainBatches\": 200, \"limitValidBatches\": 10}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      id = JSON.readTree(submitted.body()).get("id").asString();

      awaitEpochs(http, id, 1, Duration.ofMinutes(3));
      awaitProgress(http, id, 0.4, Duration.ofMinutes(2)); // a few batches into the second epoch
      first.kill();
    }

    try (ServiceProcess second = new ServiceProcess(dataDir, port).start()) {
      Http http = second.http();
      JsonNode job = awaitTerminal(http, id, Duration.ofMinutes(4));
      assertThat(job.get("status").asString()).as(second.logText()).isEqualTo("SUCCEEDED");
      assertThat(job.get("epochsCompleted").asInt()).isEqualTo(3);
      assertThat(job.get("attempts").asInt()).as("started twice").isEqualTo(2);

      List<Integer> epochs = new ArrayList<>();
      JSON.readTree(http.get("/api/v1/training-jobs/" + id + "/metrics").body())
          .forEach(e -> epochs.add(e.get("epoch").asInt()));
      assertThat(epochs).as("no epoch lost or repeated").containsExactly(1, 2, 3);

      JsonNode checkpoints = JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + id).body());
      assertThat(checkpoints.get(0).get("epoch").asInt()).isEqualTo(3);
    }
  }

  private static void awaitEpochs(Http http, String id, int epochs, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
      if (job.get("epochsCompleted").asInt() >= epochs) {
        return;
      }
      assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " did not finish " + epochs + " epoch(s) in " + timeout);
  }

  /** Waits until the running job has done {@code fraction} of its steps, still in epoch 2. */
  private static void awaitProgress(Http http, String id, double fraction, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
      assertThat(job.get("status").asString()).as("killed while running").isEqualTo("RUNNING");
      if (job.get("progress").asDouble() >= fraction) {
        assertThat(job.get("epochsCompleted").asInt()).as("still in epoch 2").isEqualTo(1);
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + id + " did not reach " + fraction + " in " + timeout);
  }

  private static JsonNode awaitTerminal(Http http, String id, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
      if (!List.of("QUEUED", "RUNNING").contains(job.get("status").asString())) {
        return job;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("job " + id + " did not end in " + timeout);
  }
}

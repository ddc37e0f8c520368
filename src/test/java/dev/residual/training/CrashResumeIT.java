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
    try (ServiceProcess first = new ServiceProcess(dataDir, port).start()) {
      Http http = first.http();
      var submitted =
          http.post(
              "/api/v1/training-jobs",
              "{\"dataset\": \"fashion-mnist\", \"architecture\": " + TrainingJobEndToEndIT.TINY
                  + ", \"epochs\": 3, \"batchSize\": 64, \"seed\": 11,"
                  + " \"limitTrainBatches\": 50, \"limitValidBatches\": 10}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      id = JSON.readTree(submitted.body()).get("id").asString();

      awaitEpochs(http, id, 1, Duration.ofMinutes(3));
      Thread.sleep(1500); // into the second epoch
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

  private static void awaitEpochs(Http http, String id, int epochs, Duration timeout) throws InterruptedException {
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

  private static JsonNode awaitTerminal(Http http, String id, Duration timeout) throws InterruptedException {
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

package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM in the middle of a training job, as Kubernetes sends it on a rolling update: readiness
 * turns DOWN, the job goes back to the queue with the checkpoint of its last finished epoch and the
 * process exits by itself; started again on the same data, the job resumes and ends with exactly
 * the requested epochs.
 */
class GracefulShutdownIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TINY = "{\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1]}";

  @TempDir Path dataDir;

  @Test
  void sigtermRequeuesTheRunningJobWhichResumesAfterARestart() throws Exception {
    int port = ServiceProcess.freePort();
    String id;
    List<String> readiness = new CopyOnWriteArrayList<>();
    int exitCode;
    String shutdownLog;
    try (ServiceProcess first =
        new ServiceProcess(
                dataDir, port, "--logging.level.org.springframework.boot.availability=debug")
            .start()) {
      Http http = first.http();
      HttpResponse<String> submitted =
          http.post(
              "/api/v1/training-jobs",
              "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                  + TINY
                  + ", \"epochs\": 2, \"batchSize\": 64, \"seed\": 5,"
                  + " \"limitTrainBatches\": 200, \"limitValidBatches\": 10}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      id = JSON.readTree(submitted.body()).get("id").asString();
      awaitFirstCheckpoint(first, id, Duration.ofMinutes(6));

      Thread poller = new Thread(() -> pollReadiness(http, readiness), "readiness-poller");
      poller.setDaemon(true);
      poller.start();
      exitCode = first.terminate(Duration.ofMinutes(2));
      poller.join(5_000);
      shutdownLog = tail(first.logText());
    }

    // Java's exit status after SIGTERM is 128 + 15 once the shutdown hooks (Spring's context
    // close) have finished; a hung or killed shutdown would show as 137 or a timeout.
    assertThat(exitCode).as("exit status; log:\n%s", shutdownLog).isEqualTo(143);
    // Readiness turns OUT_OF_SERVICE before the web server stops listening. The poller sees it
    // only if the window is long enough: it lasts while the job stops at its next batch, which
    // can be a few milliseconds; the log shows the order every time.
    int refusing =
        shutdownLog.indexOf("ReadinessState changed from ACCEPTING_TRAFFIC to REFUSING_TRAFFIC");
    assertThat(refusing).as("readiness turned while stopping; log:\n%s", shutdownLog).isPositive();
    assertThat(shutdownLog.indexOf("Commencing graceful shutdown")).isGreaterThan(refusing);
    assertThat(List.of("200 UP", "503 OUT_OF_SERVICE", "refused"))
        .as("readiness while stopping, in this order; log:\n%s", shutdownLog)
        .containsSubsequence(readiness);
    assertThat(readiness).endsWith("refused");

    JobRecord stopped = JobRecord.read(dataDir, id);
    assertThat(stopped.status()).as(shutdownLog).isEqualTo("QUEUED");
    assertThat(stopped.leaseOwner()).isNull();
    assertThat(stopped.epochsCompleted()).isEqualTo(1);
    assertThat(stopped.checkpointEpochs()).containsExactly(1);
    assertThat(stopped.attempts()).as("a graceful stop is no failed attempt").isZero();
    assertThat(stopped.statusEvents()).containsExactly("QUEUED", "RUNNING", "QUEUED");

    try (ServiceProcess second = new ServiceProcess(dataDir, port).start()) {
      Http http = second.http();
      JsonNode job = awaitTerminal(http, id, Duration.ofMinutes(6));
      assertThat(job.get("status").asString()).as(tail(second.logText())).isEqualTo("SUCCEEDED");
      assertThat(job.get("epochsCompleted").asInt()).isEqualTo(2);
      assertThat(job.get("attempts").asInt()).isEqualTo(1);
      List<Integer> epochs = new ArrayList<>();
      JSON.readTree(http.get("/api/v1/training-jobs/" + id + "/metrics").body())
          .forEach(e -> epochs.add(e.get("epoch").asInt()));
      assertThat(epochs).as("epoch 1 kept, epoch 2 run once").containsExactly(1, 2);
      assertThat(second.logText()).contains("resumes after epoch 1");
    }
  }

  private static String tail(String log) {
    return log.substring(Math.max(0, log.length() - 6_000));
  }

  /**
   * Polls until the service stops answering; records each answer as status and state. Readiness is
   * OUT_OF_SERVICE only from the context's close until the web server stops listening, which can be
   * a few tens of milliseconds when the job stops at once, hence the short pause.
   */
  private static void pollReadiness(Http http, List<String> seen) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      String answer;
      try {
        HttpResponse<String> response = http.get("/actuator/health/readiness");
        answer = response.statusCode() + " " + healthStatus(response.body());
      } catch (IllegalStateException refused) {
        answer = "refused";
      }
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(answer)) {
        seen.add(answer);
      }
      if (answer.equals("refused")) {
        return;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String healthStatus(String body) {
    try {
      return JSON.readTree(body).get("status").asString();
    } catch (RuntimeException notJson) {
      return "(not a health document)";
    }
  }

  private static void awaitFirstCheckpoint(ServiceProcess service, String id, Duration timeout)
      throws InterruptedException {
    Http http = service.http();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
      JsonNode checkpoints = JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + id).body());
      if ("RUNNING".equals(job.get("status").asString()) && !checkpoints.isEmpty()) {
        return;
      }
      assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");
      Thread.sleep(200);
    }
    throw new AssertionError(
        "job " + id + " wrote no checkpoint in " + timeout + ":\n" + tail(service.logText()));
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

  /** The job as the stopped service left it in its H2 database, read while no service runs. */
  record JobRecord(
      String status,
      String leaseOwner,
      int attempts,
      int epochsCompleted,
      List<Integer> checkpointEpochs,
      List<String> statusEvents) {

    static JobRecord read(Path dataDir, String id) throws SQLException {
      String url =
          "jdbc:h2:file:"
              + dataDir.resolve("db/residual")
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
      try (Connection c = DriverManager.getConnection(url, "sa", "")) {
        List<Object> job =
            query(
                    c,
                    "select status, lease_owner, attempts, epochs_completed from training_job where"
                        + " id = ?",
                    id,
                    4)
                .get(0);
        List<Integer> checkpoints = new ArrayList<>();
        query(c, "select epoch from checkpoint where job_id = ? order by epoch", id, 1)
            .forEach(r -> checkpoints.add((Integer) r.get(0)));
        List<String> statuses = new ArrayList<>();
        query(
                c,
                "select data from job_event where job_id = ? and type = 'status' order by id",
                id,
                1)
            .forEach(r -> statuses.add(JSON.readTree((String) r.get(0)).get("status").asString()));
        return new JobRecord(
            (String) job.get(0),
            (String) job.get(1),
            (Integer) job.get(2),
            (Integer) job.get(3),
            checkpoints,
            statuses);
      }
    }

    private static List<List<Object>> query(Connection c, String sql, String id, int columns)
        throws SQLException {
      try (PreparedStatement statement = c.prepareStatement(sql)) {
        statement.setString(1, id);
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
              row.add(rs.getObject(i));
            }
            rows.add(row);
          }
        }
        return rows;
      }
    }
  }
}

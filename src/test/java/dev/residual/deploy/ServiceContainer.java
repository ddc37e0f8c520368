package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.residual.deploy.DockerCli.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Residual container, reached through {@code docker exec} and the curl inside it, so that
 * it needs no published port and works with {@code --network none}.
 */
record ServiceContainer(DockerCli docker, String id, String token) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** An answer of the service. */
  record Response(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Response get(String path) {
    return call("GET", path, null, null);
  }

  Response post(String path, String json) {
    return call("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Response call(String method, String path, String contentType, byte[] body) {
    List<String> args = new ArrayList<>(List.of("exec", "-i", id, "curl", "-sS", "-X", method));
    args.addAll(List.of("-o", "-", "-w", "\n%{http_code}"));
    if (token != null) {
      args.addAll(List.of("-H", "Authorization: Bearer " + token));
    }
    if (contentType != null) {
      args.addAll(List.of("-H", "Content-Type: " + contentType, "--data-binary", "@-"));
    }
    args.add("http://127.0.0.1:8080" + path);
    Result result = docker.docker(Duration.ofMinutes(2), body, args.toArray(String[]::new));
    if (!result.ok()) {
      fail(method + " " + path + " in " + id + " failed: " + result.stderr());
    }
    String out = result.stdout();
    int split = out.lastIndexOf('\n');
    return new Response(
        Integer.parseInt(out.substring(split + 1).strip()), out.substring(0, split));
  }

  /** Waits for readiness; fails with the log if the container stops first. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!running()) {
        fail("container " + id + " stopped before it was ready:\n" + DockerCli.tail(logs(), 4000));
      }
      Result probe =
          docker.docker(
              Duration.ofSeconds(30),
              null,
              "exec",
              id,
              "curl",
              "-s",
              "-o",
              "/dev/null",
              "-w",
              "%{http_code}",
              "http://127.0.0.1:8080/actuator/health/readiness");
      if (probe.ok() && probe.stdout().strip().equals("200")) {
        return;
      }
      Thread.sleep(250);
    }
    fail("container " + id + " not ready in " + timeout + ":\n" + DockerCli.tail(logs(), 4000));
  }

  boolean running() {
    return inspect("{{.State.Running}}").equals("true");
  }

  String inspect(String format) {
    return docker.check(Duration.ofSeconds(30), "inspect", "-f", format, id);
  }

  /** What the service wrote to standard output and standard error. */
  String logs() {
    Result logs = docker.docker(Duration.ofSeconds(30), null, "logs", id);
    return logs.stdout() + logs.stderr();
  }

  /** Submits a small Fashion-MNIST training job and returns its id. */
  String train(int epochs, int trainBatches, long seed) {
    Response submitted =
        post(
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
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    return submitted.json().get("id").asString();
  }

  JsonNode awaitJob(String jobId, Duration timeout, Predicate<JsonNode> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = get("/api/v1/training-jobs/" + jobId).json();
      if (until.test(job)) {
        return job;
      }
      String status = job.get("status").asString();
      if (status.equals("FAILED") || status.equals("CANCELLED")) {
        fail(
            "job " + jobId + " ended " + status + ": " + job + "\n" + DockerCli.tail(logs(), 4000));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + jobId + " after " + timeout + ": " + job);
  }

  JsonNode awaitSuccess(String jobId, Duration timeout) throws InterruptedException {
    return awaitJob(jobId, timeout, job -> job.get("status").asString().equals("SUCCEEDED"));
  }

  /**
   * The event types of a job's stream, read with {@code curl -N} until {@code done} or the stream
   * ends.
   */
  List<String> followEvents(String jobId, Duration timeout) throws Exception {
    return awaitEvents(follow(jobId), timeout);
  }

  /** Opens the job's stream now; the future completes at {@code done} or the stream's end. */
  CompletableFuture<List<String>> follow(String jobId) {
    Process curl =
        docker.start(
            "exec",
            id,
            "curl",
            "-sN",
            "-H",
            "Authorization: Bearer " + token,
            "-H",
            "Accept: text/event-stream",
            "http://127.0.0.1:8080/api/v1/training-jobs/" + jobId + "/events");
    CompletableFuture<List<String>> events =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> types = new ArrayList<>();
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("event:")) {
                    types.add(line.substring(6).strip());
                    if (types.get(types.size() - 1).equals("done")) {
                      break;
                    }
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return types;
            },
            task -> {
              Thread reader = new Thread(task, "sse-" + jobId);
              reader.setDaemon(true);
              reader.start();
            });
    return events.whenComplete((types, failure) -> curl.destroy());
  }

  List<String> awaitEvents(CompletableFuture<List<String>> events, Duration timeout)
      throws Exception {
    try {
      return events.get(timeout.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      events.cancel(true);
      throw new AssertionError("no done event on " + id + " in " + timeout, e);
    }
  }
}

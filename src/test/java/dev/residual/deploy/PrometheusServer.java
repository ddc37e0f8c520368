package dev.residual.deploy;

import dev.residual.support.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server of the test's own (config, storage and log in a directory it is given,
 * listening on a random loopback port) that scrapes one target every two seconds.
 */
final class PrometheusServer implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final Path log;
  private final String base;
  private final HttpClient client = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = "http://127.0.0.1:" + port;
  }

  static PrometheusServer start(Path binary, Path dir, String target)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            // A loaded machine may answer a scrape slowly; a missed one only leaves a gap.
            "  scrape_interval: 2s",
            "  scrape_timeout: 2s",
            "  evaluation_interval: 2s",
            "scrape_configs:",
            "  - job_name: residual",
            "    metrics_path: /actuator/prometheus",
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""));
    int port = ServiceProcess.freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, log, port);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  /** The result vector of an instant query. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/query?query="
                            + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.get("status").asString())) {
      throw new IllegalStateException(promql + ": " + response.body());
    }
    return body.get("data").get("result");
  }

  /** The first sample of an instant query, or NaN when the result is empty. */
  double value(String promql) throws IOException, InterruptedException {
    JsonNode result = query(promql);
    return result.isEmpty()
        ? Double.NaN
        : Double.parseDouble(result.get(0).get("value").get(1).asString());
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited:\n" + logText());
      }
      try {
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus was not ready in " + timeout + ":\n" + logText());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}

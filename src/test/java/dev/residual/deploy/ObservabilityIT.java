package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service under a real Prometheus (Debian's package) scraping it every two seconds: a tiny
 * training job, an LR-finder job and a prediction later, Prometheus has seen the job counts change,
 * training throughput above zero and the epoch histogram filled; every metric the Grafana dashboard
 * and the alerts read exists in the service's scrape; the Residual metrics follow one naming
 * scheme; and the JSON log lines of a run carry its job id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

  static final String TINY =
      "{\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1], \"block\": \"basic\"}";
  static final Path DASHBOARD = Charts.CHART.resolve("dashboards/residual.json");
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");

  private Path dir;
  private ServiceProcess service;
  private PrometheusServer prometheus;
  private Http http;
  private String trainJob;
  private String lrFinderJob;
  private String scrape;

  @BeforeAll
  void trainPredictAndScrape() throws Exception {
    Path binary = PrometheusTools.require("prometheus");
    dir = Path.of("target", "observability-it-" + UUID.randomUUID()).toAbsolutePath();
    int port = ServiceProcess.freePort();
    service =
        new ServiceProcess(
                dir.resolve("data"),
                port,
                "--logging.structured.format.console=ecs",
                "--residual.training.poll-interval=200ms",
                "--residual.training.batch-event-interval=200ms")
            .start();
    http = service.http();
    prometheus = PrometheusServer.start(binary, dir.resolve("prometheus"), "127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.value("up{job=\"residual\"}") == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.value("residual_jobs{kind=\"train\",status=\"SUCCEEDED\"}") == 0);

    trainJob =
        submit(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 2, \"batchSize\": 32, \"learningRate\": 0.005, \"seed\": 7,"
                + " \"limitTrainBatches\": 15, \"limitValidBatches\": 2,"
                + " \"publishAs\": \"observed\"}");
    lrFinderJob =
        submit(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"batchSize\": 16, \"numIterations\": 8, \"seed\": 3}");
    awaitSucceeded(trainJob);
    awaitSucceeded(lrFinderJob);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> http.get("/api/v1/models/observed").body().contains("\"ready\""));
    HttpResponse<String> prediction =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/v1/models/observed/predictions"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png()))
                .build());
    assertThat(prediction.statusCode()).as(prediction.body()).isEqualTo(200);
    scrape = http.get("/actuator/prometheus").body();
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void prometheusSeesTheJobCountsChangeTheThroughputAndTheEpochTimes() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      prometheus.value("max(residual_jobs{kind=\"train\",status=\"SUCCEEDED\"})"))
                  .isEqualTo(1);
              assertThat(
                      prometheus.value(
                          "max(residual_jobs{kind=\"lr-finder\",status=\"SUCCEEDED\"})"))
                  .isEqualTo(1);
            });
    assertThat(prometheus.value("changes(residual_jobs{kind=\"train\",status=\"SUCCEEDED\"}[15m])"))
        .as("residual_jobs changed from 0 to 1 while Prometheus watched")
        .isGreaterThanOrEqualTo(1);
    assertThat(
            prometheus.value(
                "min_over_time(residual_training_images_total{architecture=\"custom\"}[15m])"))
        .as("the counter was scraped at 0 before the job trained")
        .isZero();
    assertThat(
            prometheus.value("rate(residual_training_images_total{architecture=\"custom\"}[15m])"))
        .as("training throughput, even for a job that ran between two scrapes")
        .isPositive();
    assertThat(
            prometheus.value(
                "increase(residual_training_images_total{architecture=\"custom\"}[15m])"))
        .as("the job's images, extrapolated over the window")
        .isGreaterThanOrEqualTo(2 * 15 * 32);
    assertThat(prometheus.value("residual_training_images_total{architecture=\"custom\"}"))
        .as("2 epochs of 15 batches of 32")
        .isEqualTo(2 * 15 * 32);
    assertThat(prometheus.value("sum(residual_training_epoch_seconds_count)")).isEqualTo(2);
    assertThat(prometheus.value("sum(residual_training_epoch_seconds_bucket{le=\"+Inf\"})"))
        .isEqualTo(2);
    assertThat(prometheus.value("sum(residual_training_epoch_seconds_sum)")).isPositive();
    assertThat(prometheus.value("sum(residual_job_queue_wait_seconds_count)")).isEqualTo(2);
    assertThat(prometheus.value("sum(residual_job_outcomes_total{status=\"SUCCEEDED\"})"))
        .isEqualTo(2);
    assertThat(prometheus.value("residual_checkpoint_write_seconds_count")).isEqualTo(2);
    assertThat(prometheus.value("residual_checkpoint_bytes_sum / residual_checkpoint_bytes_count"))
        .as("bytes per checkpoint")
        .isGreaterThan(10_000);
    assertThat(prometheus.value("residual_training_workers")).isEqualTo(1);
    assertThat(prometheus.value("residual_readiness")).isEqualTo(1);
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsReadIsInTheScrape() throws Exception {
    Set<String> scraped = new TreeSet<>();
    scrape.lines().map(SAMPLE::matcher).filter(Matcher::find).forEach(m -> scraped.add(m.group(1)));
    Map<String, Set<String>> read = new java.util.LinkedHashMap<>();
    for (String expr : dashboardExpressions()) {
      read.put("dashboard: " + expr, PromQl.metricNames(expr));
    }
    Path rulesDir = Files.createDirectories(dir.resolve("rules"));
    for (Map<String, Object> alert :
        PrometheusRulesTest.alerts(PrometheusRulesTest.renderedRules(rulesDir))) {
      read.put("alert " + alert.get("alert"), PromQl.metricNames((String) alert.get("expr")));
    }

    assertThat(read).hasSizeGreaterThan(20);
    assertThat(read)
        .allSatisfy((where, names) -> assertThat(names).as(where).isNotEmpty().isSubsetOf(scraped));
  }

  @Test
  void residualMetricsFollowOneNamingScheme() {
    Map<String, String> types = new java.util.TreeMap<>();
    scrape
        .lines()
        .map(TYPE::matcher)
        .filter(Matcher::matches)
        .forEach(m -> types.put(m.group(1), m.group(2)));
    Map<String, String> residual = new java.util.TreeMap<>(types);
    residual.keySet().removeIf(name -> !name.startsWith("residual_"));

    assertThat(residual.keySet())
        .contains(
            "residual_jobs",
            "residual_training_images_total",
            "residual_training_epoch_seconds",
            "residual_job_queue_wait_seconds",
            "residual_training_workers_busy",
            "residual_training_workers",
            "residual_job_outcomes_total",
            "residual_checkpoint_write_seconds",
            "residual_checkpoint_bytes",
            "residual_dataset_download_bytes_total",
            "residual_dataset_import_bytes_total",
            "residual_readiness",
            "residual_sse_streams",
            "residual_inference_forward_seconds",
            "residual_inference_batch_size",
            "residual_inference_queue_wait_seconds");
    assertThat(residual)
        .allSatisfy(
            (name, type) -> {
              assertThat(name).matches("residual(_[a-z]+)+");
              switch (type) {
                case "counter" -> assertThat(name).endsWith("_total");
                case "gauge" -> assertThat(name).doesNotEndWith("_total");
                case "histogram" ->
                    assertThat(name)
                        .as("a histogram of time or size")
                        .matches(".*_(seconds|bytes|size)");
                default -> throw new AssertionError(name + " is a " + type);
              }
            });
    assertThat(scrape).doesNotContain(trainJob).as("no job id in any label");
  }

  @Test
  void theJsonLogLinesOfARunCarryItsJobId() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : service.logText().lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).as("structured logs: one JSON object a line").hasSizeGreaterThan(10);
    JsonNode finder =
        lines.stream()
            .filter(l -> l.get("message").asString().startsWith("LR finder " + lrFinderJob))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no LR finder line in " + service.logText()));
    assertThat(finder.get("jobId").asString()).isEqualTo(lrFinderJob);
    assertThat(lines)
        .filteredOn(l -> l.has("jobId"))
        .allSatisfy(
            l ->
                assertThat(l.get("process").get("thread").get("name").asString())
                    .startsWith("training-worker"));
  }

  private List<String> dashboardExpressions() throws Exception {
    JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      if (panel.has("targets")) {
        panel.get("targets").forEach(t -> expressions.add(t.get("expr").asString()));
      }
    }
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      if (variable.has("definition")) {
        // label_values(metric{...}, label): the metric is the expression
        String definition = variable.get("definition").asString();
        expressions.add(
            definition.substring(definition.indexOf('(') + 1, definition.lastIndexOf(',')));
      }
    }
    return expressions;
  }

  private String submit(String path, String json) {
    HttpResponse<String> submitted = http.post(path, json);
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    return JSON.readTree(submitted.body()).get("id").asString();
  }

  private void awaitSucceeded(String id) {
    await()
        .atMost(Duration.ofMinutes(8))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              String status =
                  JSON.readTree(http.get("/api/v1/training-jobs/" + id).body())
                      .get("status")
                      .asString();
              assertThat(status).as("job %s", id).isIn("QUEUED", "RUNNING", "SUCCEEDED");
              return status.equals("SUCCEEDED");
            });
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 8; y < 20; y++) {
      for (int x = 6; x < 22; x++) {
        image.getRaster().setSample(x, y, 0, 200);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}

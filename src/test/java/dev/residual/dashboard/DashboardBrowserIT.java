package dev.residual.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real browser against the real service: a 400 shown next to its field, a job
 * submitted from the form whose curve grows live until {@code done}, two runs compared, and a
 * Fashion-MNIST image dropped on the playground of the model that job published.
 */
@ResidualIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TINY = "{\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1]}";
  static final String MODEL = "fashion-ui";
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

  @LocalServerPort int port;

  private Http http;
  private Browser browser;
  private String formJobId;

  @BeforeAll
  void openBrowser() throws Exception {
    http = new Http(port);
    browser = Browser.open(port, 1280, 1000);
  }

  @AfterAll
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void showsA400NextToTheFieldItNames() {
    long jobsBefore = jobCount();
    browser.open("#/new");
    WebElement epochs = browser.awaitElement("#epochs", Duration.ofSeconds(20));
    epochs.clear();
    epochs.sendKeys("0");
    browser.find("#submit-job").click();

    WebElement error =
        browser.await(
            Duration.ofSeconds(20),
            "the epochs field's error",
            d -> {
              WebElement slot = browser.find(".field[data-field='epochs'] .field-error");
              return slot.getText().isBlank() ? null : slot;
            });
    assertThat(error.getText()).containsIgnoringCase("1");
    assertThat(epochs.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.find("#form-problem .problem").getAttribute("data-status")).isEqualTo("400");
    assertThat(browser.find(".field[data-field='dataset'] .field-error").getText()).isEmpty();
    assertThat(browser.currentHash()).isEqualTo("#/new");
    assertThat(jobCount()).as("a refused job is not stored").isEqualTo(jobsBefore);
    browser.screenshot("dashboard-form-400");
  }

  @Test
  @Order(2)
  void submitsAJobFromTheFormAndWatchesItsCurveGrowUntilDone() throws Exception {
    browser.open("#/new");
    new Select(browser.awaitElement("#architecture", Duration.ofSeconds(20)))
        .selectByValue("__custom__");
    WebElement spec = browser.find("#spec");
    spec.clear();
    spec.sendKeys(TINY);
    type("#epochs", "2");
    type("#batchSize", "32");
    type("#limitTrainBatches", "30");
    type("#limitValidBatches", "4");
    type("#publishAs", MODEL);

    long expectedParameters =
        JSON.readTree(
                http.post(
                        "/api/v1/architectures/summary",
                        "{\"architecture\": "
                            + TINY
                            + ", \"inputShape\": [1, 28, 28], \"numClasses\": 10}")
                    .body())
            .get("parameters")
            .asLong();
    browser.await(
        Duration.ofSeconds(20),
        "the parameter count of the custom spec",
        d ->
            String.valueOf(expectedParameters)
                .equals(browser.find("#summary").getAttribute("data-parameters")));
    browser.find("#submit-job").click();
    browser.await(
        Duration.ofSeconds(20), "the job's page", d -> browser.currentHash().startsWith("#/job/"));
    formJobId = browser.currentHash().substring("#/job/".length());

    Set<Integer> pointsWhileRunning = new LinkedHashSet<>();
    boolean liveShot = false;
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (!"done".equals(browser.find("#stream-state").getAttribute("data-state"))) {
      assertThat(System.nanoTime()).as("the job ends in time").isLessThan(deadline);
      int points = trainingLossPoints();
      if ("RUNNING".equals(browser.find("#job-status").getText()) && points > 0) {
        pointsWhileRunning.add(points);
        if (!liveShot && !browser.findAll("#epoch-table tbody tr").isEmpty()) {
          browser.screenshot("dashboard-job-live");
          liveShot = true;
        }
      }
      Thread.sleep(100);
    }
    assertThat(pointsWhileRunning)
        .as("the training-loss curve gains points while the job runs")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(browser.find("#stream-state").getText()).isEqualTo("done (SUCCEEDED)");
    assertThat(browser.find("#job-status").getText()).isEqualTo("SUCCEEDED");
    assertThat(browser.findAll("#epoch-table tbody tr")).hasSize(2);
    browser.await(
        Duration.ofSeconds(10),
        "the checkpoints",
        d -> !browser.findAll("#checkpoints tbody tr").isEmpty());
    int finalPoints = trainingLossPoints();
    browser.screenshot("dashboard-job-done");

    browser.driver().navigate().refresh();
    browser.await(
        Duration.ofSeconds(20),
        "the curves rebuilt from the replayed stream after a reload",
        d -> "done".equals(browser.find("#stream-state").getAttribute("data-state")));
    assertThat(trainingLossPoints()).isEqualTo(finalPoints);
    assertThat(browser.findAll("#epoch-table tbody tr")).hasSize(2);
  }

  @Test
  @Order(3)
  void comparesTwoRuns() throws Exception {
    assertThat(formJobId).as("the job submitted from the form").isNotNull();
    HttpResponse<String> second =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 2, \"batchSize\": 32, \"optimizer\": \"adamw\", \"limitTrainBatches\": 12,"
                + " \"limitValidBatches\": 4}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
    String secondId = JSON.readTree(second.body()).get("id").asString();
    awaitJob(secondId, "SUCCEEDED");

    browser.open("#/compare?runs=" + formJobId + "," + secondId);
    browser.await(
        Duration.ofSeconds(30),
        "both runs in the table with both epochs",
        d -> {
          List<WebElement> rows = browser.findAll("#compare-runs tbody tr");
          return rows.size() == 2
              && rows.stream()
                  .allMatch(
                      r ->
                          r.findElements(org.openqa.selenium.By.tagName("td"))
                              .get(3)
                              .getText()
                              .equals("2"));
        });
    String series = browser.find("#compare-valid").getAttribute("data-series");
    assertThat(series.split("\\|")).hasSize(2);
    assertThat(series).contains(formJobId.substring(0, 8)).contains(secondId.substring(0, 8));
    assertThat(browser.find("#compare-loss").getAttribute("data-points").split(","))
        .allSatisfy(count -> assertThat(Integer.parseInt(count)).isPositive());
    assertThat(browser.find("#run-" + formJobId).isSelected()).isTrue();
    assertThat(browser.find("#run-" + secondId).isSelected()).isTrue();
    @SuppressWarnings("unchecked")
    List<String> colours =
        (List<String>)
            browser.script(
                "return [...document.querySelectorAll('#compare-runs .swatch')]"
                    + ".map(s => getComputedStyle(s).backgroundColor)");
    assertThat(colours).doesNotHaveDuplicates().hasSize(2);
    browser.screenshot("dashboard-compare");

    browser.find("#run-" + secondId).click();
    browser.await(
        Duration.ofSeconds(10),
        "one run left",
        d -> browser.findAll("#compare-runs tbody tr").size() == 1);
    assertThat(browser.currentHash()).contains("runs=" + formJobId).doesNotContain(secondId);

    browser.driver().manage().window().setSize(new Dimension(390, 844));
    browser.open("#/job/" + formJobId);
    browser.await(
        Duration.ofSeconds(20),
        "the job at 390 px",
        d -> "done".equals(browser.find("#stream-state").getAttribute("data-state")));
    long pageWidth =
        ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    long viewport =
        ((Number) browser.script("return document.documentElement.clientWidth")).longValue();
    assertThat(pageWidth).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(viewport);
    browser.screenshot("dashboard-job-390px");
    browser.driver().manage().window().setSize(new Dimension(1280, 1000));
  }

  @Test
  @Order(4)
  void playgroundShowsTheTopFiveOfADroppedFashionMnistImage() throws Exception {
    awaitModelReady(MODEL);
    byte[] png = FashionPng.testImage(9_990);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/v1/models/" + MODEL + "/predictions?topK=5"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                .build());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode expected = JSON.readTree(answer.body()).get("predictions").get(0).get("classes");

    browser.open("#/models/" + MODEL);
    browser.awaitElement("#drop-zone", Duration.ofSeconds(20));
    browser.script(
        "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
            + "const data = new DataTransfer();"
            + "data.items.add(new File([bytes], 'ankle-boot.png', {type: 'image/png'}));"
            + "const zone = document.getElementById('drop-zone');"
            + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));"
            + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
        Base64.getEncoder().encodeToString(png));
    List<WebElement> bars =
        browser.await(
            Duration.ofSeconds(30),
            "five bars",
            d -> {
              List<WebElement> found = browser.findAll("#predictions .prediction .bar");
              return found.size() == 5 ? found : null;
            });
    for (int i = 0; i < 5; i++) {
      WebElement bar = bars.get(i);
      assertThat(bar.findElement(org.openqa.selenium.By.className("bar-label")).getText())
          .isEqualTo(expected.get(i).get("label").asString());
      assertThat(Double.parseDouble(bar.getAttribute("data-probability")))
          .isCloseTo(
              expected.get(i).get("probability").asDouble(),
              org.assertj.core.data.Offset.offset(1e-4));
    }
    assertThat(browser.find("#predictions img").getAttribute("alt")).isEqualTo("ankle-boot.png");
    browser.screenshot("dashboard-playground");
  }

  @Test
  @Order(5)
  void evaluatesACheckpointIntoAConfusionMatrixWithClassNames() {
    assertThat(formJobId).as("the job submitted from the form").isNotNull();
    String checkpoint =
        JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + formJobId).body())
            .get(0)
            .get("id")
            .asString();
    browser.open("#/evaluate?checkpoint=" + checkpoint + "&dataset=fashion-mnist");
    browser.awaitElement("#eval-limit", Duration.ofSeconds(20));
    type("#eval-limit", "2");
    browser.find("#eval-form button[type='submit']").click();
    browser.await(
        Duration.ofSeconds(60),
        "the confusion matrix",
        d -> browser.findAll("#confusion-matrix tbody tr").size() == 10);
    assertThat(browser.find("#confusion-matrix tbody tr th").getText()).isEqualTo("T-shirt/top");
    assertThat(browser.findAll("#per-class .bar")).hasSize(10);
    assertThat(browser.currentHash())
        .contains("checkpoint=" + checkpoint)
        .contains("limitBatches=2");
    browser.screenshot("dashboard-evaluation");
  }

  @Test
  @Order(6)
  void lrFinderMarksItsSuggestionAndOpensTheFormWithIt() throws Exception {
    HttpResponse<String> sweep =
        http.post(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"batchSize\": 16, \"numIterations\": 20}");
    assertThat(sweep.statusCode()).as(sweep.body()).isEqualTo(202);
    String id = JSON.readTree(sweep.body()).get("id").asString();
    browser.open("#/lr-finder?job=" + id);
    WebElement train = browser.awaitElement("#train-suggested", JOB_TIMEOUT);
    JsonNode result = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body()).get("lrFinder");
    assertThat(browser.find("#lr-curve").getAttribute("data-points"))
        .isEqualTo(String.valueOf(result.get("points").size()));
    browser.screenshot("dashboard-lr-finder");
    train.click();
    browser.await(
        Duration.ofSeconds(10),
        "the new-job form",
        d -> browser.currentHash().startsWith("#/new?"));
    WebElement rate = browser.awaitElement("#learningRate", Duration.ofSeconds(20));
    assertThat(Double.parseDouble(rate.getAttribute("value")))
        .isCloseTo(
            result.get("suggestedLearningRate").asDouble(),
            org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(
            new Select(browser.find("#architecture"))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("__custom__");
    assertThat(JSON.readTree(browser.find("#spec").getAttribute("value")).get("blocks").toString())
        .isEqualTo("[1,1]");
  }

  @Test
  @Order(7)
  void compareKeepsTwentyRunsOfTwentyThousandPointsButDrawsFewer() {
    browser.open("#/compare");
    browser.awaitElement("#run-picker", Duration.ofSeconds(20));
    Object drawn =
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('/dashboard/js/charts.js').then(({ LineChart }) => {"
                    + "  const box = document.createElement('div'); box.style.width = '1200px';"
                    + "  document.getElementById('main').append(box);"
                    + "  const chart = new LineChart(box, { title: 'load', xLabel: 'epoch', yLabel: 'loss' });"
                    + "  const series = [];"
                    + "  for (let r = 0; r < 20; r++) {"
                    + "    const xs = [], ys = [];"
                    + "    for (let i = 0; i < 20000; i++) { xs.push(i / 1000 + r * 1e-6); ys.push(Math.exp(-i / 5000) + Math.random() * 0.1); }"
                    + "    series.push({ label: 'run ' + r, colour: 'hsl(' + r * 18 + ' 70% 40%)', xs, ys, smooth: true });"
                    + "  }"
                    + "  chart.setSeries(series);"
                    + "  requestAnimationFrame(() => requestAnimationFrame(() => done({"
                    + "    kept: chart.pointCounts(), drawnRows: chart.plot.data[0].length })));"
                    + "});");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> result = (java.util.Map<String, Object>) drawn;
    assertThat((List<Object>) result.get("kept"))
        .hasSize(20)
        .allSatisfy(n -> assertThat(((Number) n).intValue()).isEqualTo(20_000));
    assertThat(((Number) result.get("drawnRows")).intValue())
        .as("each run is downsampled to about twice the plot's width before drawing")
        .isPositive()
        .isLessThan(20 * 20_000 / 4);
  }

  @Test
  @Order(8)
  void aRefusedArchiveUploadShowsItsProblemDetail() throws Exception {
    java.nio.file.Path junk =
        java.nio.file.Files.createTempFile(
            java.nio.file.Path.of("target").toAbsolutePath(), "not-an-archive-", ".zip");
    java.nio.file.Files.write(
        junk,
        "this is not a zip archive".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    browser.open("#/datasets");
    browser.awaitElement("#datasets-table", Duration.ofSeconds(20));
    type("#upload-name", "junk");
    browser.find("#upload-archive").sendKeys(junk.toString());
    browser.find("#upload-submit").click();
    WebElement problem = browser.awaitElement("#upload-result .problem", Duration.ofSeconds(30));
    assertThat(problem.getAttribute("data-status")).startsWith("4");
    assertThat(problem.getText()).isNotBlank();
    assertThat(browser.findAll("#upload-progress progress")).hasSize(1);
    assertThat(http.get("/api/v1/datasets/junk").statusCode())
        .as("nothing registered")
        .isEqualTo(404);
    browser.screenshot("dashboard-upload-refused");
  }

  @Test
  @Order(9)
  void activatesANewVersionAndRollsBack() throws Exception {
    awaitModelReady(MODEL);
    String checkpoint =
        JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + formJobId).body())
            .get(0)
            .get("id")
            .asString();
    HttpResponse<String> published =
        http.post(
            "/api/v1/models",
            "{\"name\": \"" + MODEL + "\", \"checkpointId\": \"" + checkpoint + "\"}");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

    browser.open("#/models/" + MODEL);
    browser.awaitElement("#versions-table", Duration.ofSeconds(20));
    clickButton("Activate v2");
    browser.await(Duration.ofSeconds(60), "version 2 active", d -> activeVersion() == 2);
    browser.await(
        Duration.ofSeconds(20), "the roll-back button", d -> !buttons("Roll back to v1").isEmpty());
    clickButton("Roll back to v1");
    browser.await(Duration.ofSeconds(60), "version 1 active again", d -> activeVersion() == 1);
    browser.await(
        Duration.ofSeconds(20), "the page showing it", d -> !buttons("Activate v2").isEmpty());
  }

  private List<WebElement> buttons(String text) {
    return browser.findAll("#versions-table button").stream()
        .filter(b -> b.getText().equals(text))
        .toList();
  }

  private void clickButton(String text) {
    browser
        .await(
            Duration.ofSeconds(20),
            "the button " + text,
            d -> buttons(text).stream().findFirst().orElse(null))
        .click();
  }

  private int activeVersion() {
    return JSON.readTree(http.get("/api/v1/models/" + MODEL).body()).get("activeVersion").asInt();
  }

  private void type(String css, String text) {
    WebElement input = browser.find(css);
    input.clear();
    input.sendKeys(text);
  }

  private int trainingLossPoints() {
    String points = browser.find("#loss-chart").getAttribute("data-points");
    return points == null || points.isEmpty() ? 0 : Integer.parseInt(points.split(",")[0]);
  }

  private long jobCount() {
    return JSON.readTree(http.get("/api/v1/training-jobs?size=1").body()).get("total").asLong();
  }

  private void awaitJob(String id, String status) throws InterruptedException {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String now =
          JSON.readTree(http.get("/api/v1/training-jobs/" + id).body()).get("status").asString();
      if (now.equals(status)) {
        return;
      }
      assertThat(now).isIn("QUEUED", "RUNNING");
      Thread.sleep(250);
    }
    throw new AssertionError("job " + id + " did not reach " + status);
  }

  private void awaitModelReady(String name) throws InterruptedException {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get("/api/v1/models/" + name);
      if (response.statusCode() == 200
          && "ready".equals(JSON.readTree(response.body()).get("serving").asString())) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("model " + name + " is not ready");
  }
}

package dev.residual.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Experiments page in a real browser: a 2-variant × 1-seed experiment of tiny jobs created
 * through the API, its progress followed on the page until it succeeds, then its results table,
 * bars and mean curves checked against {@code GET /api/v1/experiments/{id}/results}.
 */
@ResidualIntegrationTest
class DashboardExperimentsIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String REQUEST =
      "{\"name\": \"ui-smoothing\", \"base\": {\"dataset\": \"fashion-mnist\", \"architecture\":"
          + " {\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1]}, \"epochs\": 2,"
          + " \"batchSize\": 32, \"limitTrainBatches\": 100, \"limitValidBatches\": 2},"
          + " \"variants\": [{\"name\": \"ls-0\", \"overrides\": {\"labelSmoothing\": 0}},"
          + " {\"name\": \"ls-0.1\", \"overrides\": {\"labelSmoothing\": 0.1}}],"
          + " \"seeds\": [1]}";
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern PROGRESS = Pattern.compile("^2 jobs, (\\d+)% done");

  @LocalServerPort int port;

  @Test
  void followsAnExperimentLiveAndShowsEachVariantAsItsResultsReportIt() throws Exception {
    Http http = new Http(port);
    HttpResponse<String> created = http.post("/api/v1/experiments", REQUEST);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String id = JSON.readTree(created.body()).get("id").asString();

    try (Browser browser = Browser.open(port, 1280, 1000)) {
      browser.open("#/experiments/" + id);
      browser.await(
          Duration.ofSeconds(20),
          "the experiment's progress",
          d -> PROGRESS.matcher(browser.find("#experiment-status").getText()).find());

      Set<Integer> progressWhileRunning = new LinkedHashSet<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!browser.find("#experiment-title").getText().endsWith("(SUCCEEDED)")) {
        assertThat(System.nanoTime()).as("the experiment ends in time").isLessThan(deadline);
        assertThat(browser.find("#experiment-title").getText())
            .doesNotContain("FAILED", "CANCELLED");
        Matcher progress = PROGRESS.matcher(browser.find("#experiment-status").getText());
        if (progress.find()) {
          progressWhileRunning.add(Integer.parseInt(progress.group(1)));
        }
        Thread.sleep(100);
      }
      // Live: the page showed the experiment part-way, then moved on to its end by itself.
      assertThat(browser.find("#experiment-status").getText()).isEqualTo("2 jobs, 100% done");
      progressWhileRunning.add(100);
      assertThat(new ArrayList<>(progressWhileRunning))
          .as("the page refreshes the progress while the experiment runs")
          .hasSizeGreaterThanOrEqualTo(2)
          .isSorted()
          .anyMatch(percent -> percent < 100);
      browser.screenshot("dashboard-experiments");

      JsonNode results = JSON.readTree(http.get("/api/v1/experiments/" + id + "/results").body());
      assertThat(results.get("status").asString()).isEqualTo("SUCCEEDED");
      JsonNode variants = results.get("variants");
      assertThat(variants).hasSize(2);
      assertResultsTable(browser, variants);
      assertBars(browser, variants);
      assertCurves(browser, variants);
    }
  }

  /** One row per variant: its name, n, and each metric's mean as the page rounds it. */
  private static void assertResultsTable(Browser browser, JsonNode variants) {
    List<String> keys =
        browser.findAll("#experiment-results-table thead th").stream()
            .map(WebElement::getText)
            .toList();
    assertThat(keys.subList(0, 2)).containsExactly("variant", "n");
    assertThat(keys).contains("bestTop1", "lastTrainLoss", "seconds", "parameters");
    List<WebElement> rows = browser.findAll("#experiment-results-table tbody tr");
    assertThat(rows).hasSize(variants.size());
    for (int v = 0; v < variants.size(); v++) {
      JsonNode variant = variants.get(v);
      List<String> cells =
          rows.get(v).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
      assertThat(cells.get(0)).isEqualTo(variant.get("name").asString());
      assertThat(cells.get(1)).isEqualTo("1").isEqualTo(variant.get("n").asString());
      for (int k = 2; k < keys.size(); k++) {
        String key = keys.get(k);
        JsonNode mean = variant.get("metrics").get(key).get("mean");
        String cell = cells.get(k);
        if (mean == null || mean.isNull()) {
          assertThat(cell).as("%s of %s", key, variant.get("name")).isEqualTo("—");
        } else if (key.equals("parameters") || key.equals("multiplyAccumulates")) {
          assertThat(Long.parseLong(cell.replace(",", "")))
              .as("%s of %s", key, variant.get("name"))
              .isEqualTo(Math.round(mean.asDouble()));
        } else {
          assertThat(cell)
              .as("%s of %s: one seed, no std", key, variant.get("name"))
              .doesNotContain("±");
          assertThat(Double.parseDouble(cell))
              .as("%s of %s", key, variant.get("name"))
              .isEqualTo(fourDigits(mean.asDouble()));
        }
      }
    }
  }

  /** A bar per variant, labelled with its name and n, with the headline metric's mean. */
  private static void assertBars(Browser browser, JsonNode variants) {
    String headline = browser.find("#experiment-metric").getAttribute("value");
    List<String> texts =
        browser.findAll("#experiment-bars text").stream().map(WebElement::getText).toList();
    List<String> expected = new ArrayList<>();
    for (JsonNode variant : variants) {
      expected.add(variant.get("name").asString() + " (n=1)");
      expected.add(
          String.valueOf(fourDigits(variant.get("metrics").get(headline).get("mean").asDouble())));
    }
    assertThat(browser.findAll("#experiment-bars rect.bar")).hasSize(variants.size());
    List<String> shown = new ArrayList<>();
    for (String text : texts) {
      shown.add(text.contains("(n=") ? text : String.valueOf(Double.parseDouble(text)));
    }
    assertThat(shown).as("bars of %s", headline).containsExactlyElementsOf(expected);
  }

  /** The mean top-1 curve of each variant, epoch by epoch, as the results' curve has it. */
  private static void assertCurves(Browser browser, JsonNode variants) {
    WebElement curves = browser.find("#experiment-curves");
    List<String> names = new ArrayList<>();
    List<List<Double>> expected = new ArrayList<>();
    for (JsonNode variant : variants) {
      names.add(variant.get("name").asString());
      List<Double> means = new ArrayList<>();
      variant.get("curve").forEach(point -> means.add(point.get("top1").get("mean").asDouble()));
      assertThat(means).as("two epochs").hasSize(2);
      expected.add(means);
    }
    assertThat(curves.getAttribute("data-series")).isEqualTo(String.join("|", names));
    List<List<Double>> drawn = new ArrayList<>();
    for (String series : curves.getAttribute("data-means").split("\\|")) {
      List<Double> means = new ArrayList<>();
      for (String mean : series.split(";")) {
        means.add(Double.parseDouble(mean));
      }
      drawn.add(means);
    }
    assertThat(drawn).isEqualTo(expected);
    assertThat(curves.findElements(By.tagName("canvas"))).isNotEmpty();
  }

  /** What {@code Number.toPrecision(4)} shows, read back as a number. */
  private static double fourDigits(double value) {
    return new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_UP)).doubleValue();
  }
}

package dev.residual.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard with API tokens configured: its files load without a token, the page asks for one
 * (again when it is refused), keeps it in sessionStorage only, and then drives the API with it from
 * the form to a finished job.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.batch-event-interval=200ms",
      "residual.training.poll-interval=200ms",
      "residual.security.tokens[0].name=dashboard-user",
      "residual.security.tokens[0].role=trainer",
      "residual.security.tokens[0].token=" + DashboardTokensIT.TOKEN
    })
class DashboardTokensIT {

  static final String TOKEN = "dashboard-trainer-token-0123456789";

  @LocalServerPort int port;

  @Test
  void staticFilesAreOpenWithBrowserHeadersWhileTheApiKeepsItsToken() {
    Http http = new Http(port);
    for (String path :
        new String[] {
          "/",
          "/dashboard/js/main.js",
          "/dashboard/css/dashboard.css",
          "/webjars/uplot/dist/uPlot.esm.js"
        }) {
      HttpResponse<String> response = http.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .contains("nosniff");
      assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
          .as(path)
          .contains("script-src 'self'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("http");
    }
    assertThat(http.get("/").body()).doesNotContain("<script>").contains("type=\"module\"");
    HttpResponse<String> api = http.get("/api/v1/training-jobs");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("Content-Security-Policy")).isPresent();
    HttpResponse<String> withToken =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/v1/training-jobs"))
                .header("Authorization", "Bearer " + TOKEN)
                .build());
    assertThat(withToken.statusCode()).isEqualTo(200);
  }

  @Test
  void asksForATokenOnceKeepsItForTheSessionAndRunsAJobWithIt() throws Exception {
    try (Browser browser = Browser.open(port, 1280, 1000)) {
      browser.open("#/new");
      WebElement dialog = awaitDialog(browser);
      browser.screenshot("dashboard-token-dialog");
      browser.find("#token-input").sendKeys("not-the-right-token-000000");
      browser.find("#token-submit").click();
      awaitDialog(browser);
      assertThat(browser.find("#token-reason").getText()).contains("refused");
      browser.find("#token-input").sendKeys(TOKEN);
      browser.find("#token-submit").click();

      new Select(
              browser
                  .awaitElement("#architecture option", Duration.ofSeconds(20))
                  .findElement(org.openqa.selenium.By.xpath("..")))
          .selectByValue("__custom__");
      assertThat(dialog.getAttribute("open")).isNull();
      WebElement spec = browser.find("#spec");
      spec.clear();
      spec.sendKeys(DashboardBrowserIT.TINY);
      for (String[] entry :
          new String[][] {
            {"#epochs", "1"},
            {"#batchSize", "32"},
            {"#limitTrainBatches", "8"},
            {"#limitValidBatches", "2"}
          }) {
        WebElement input = browser.find(entry[0]);
        input.clear();
        input.sendKeys(entry[1]);
      }
      browser.find("#submit-job").click();
      browser.await(
          Duration.ofSeconds(20),
          "the job's page",
          d -> browser.currentHash().startsWith("#/job/"));
      browser.await(
          Duration.ofMinutes(4),
          "the job's done event",
          d -> "done".equals(browser.find("#stream-state").getAttribute("data-state")));
      assertThat(browser.find("#stream-state").getText()).isEqualTo("done (SUCCEEDED)");
      assertThat(browser.find("#loss-chart").getAttribute("data-points")).doesNotStartWith("0");
      assertThat(browser.findAll("#epoch-table tbody tr")).hasSize(1);

      assertThat(browser.script("return sessionStorage.getItem('residual.token')"))
          .isEqualTo(TOKEN);
      assertThat(browser.driver().getCurrentUrl()).doesNotContain(TOKEN);
      browser.open("#/jobs");
      browser.awaitElement("#jobs-table", Duration.ofSeconds(20));
      assertThat(browser.find("#token-dialog").getAttribute("open"))
          .as("the token is asked for once per browser session")
          .isNull();
      browser.screenshot("dashboard-tokens-jobs");
    }
  }

  private static WebElement awaitDialog(Browser browser) {
    return browser.await(
        Duration.ofSeconds(20),
        "the token dialog",
        d -> {
          WebElement dialog = browser.find("#token-dialog");
          return dialog.getAttribute("open") != null && dialog.isDisplayed() ? dialog : null;
        });
  }
}

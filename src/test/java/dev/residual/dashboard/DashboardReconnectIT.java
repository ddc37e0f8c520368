package dev.residual.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's page while the service dies under it: the page says it is reconnecting, and once the
 * service is back (same port, same data) it resumes the stream where it stopped and shows the
 * resumed job to its end.
 */
class DashboardReconnectIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aDroppedStreamShowsReconnectingThenResumesToDone() throws Exception {
    Path dataDir =
        Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dashboard-reconnect-");
    int port = ServiceProcess.freePort();
    String[] settings = {
      "--residual.training.batch-event-interval=200ms", "--residual.training.poll-interval=200ms"
    };
    try (Browser browser = Browser.open(port, 1280, 1000);
        ServiceProcess first = new ServiceProcess(dataDir, port, settings).start()) {
      Http http = first.http();
      HttpResponse<String> submitted =
          http.post(
              "/api/v1/training-jobs",
              "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                  + DashboardBrowserIT.TINY
                  + ", \"epochs\": 2, \"batchSize\": 32, \"limitTrainBatches\": 25, \"limitValidBatches\": 2}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      String id = JSON.readTree(submitted.body()).get("id").asString();

      browser.open("#/job/" + id);
      browser.await(
          Duration.ofMinutes(3),
          "the first epoch on the page",
          d -> !browser.findAll("#epoch-table tbody tr").isEmpty());
      first.kill();
      browser.await(
          Duration.ofSeconds(30),
          "'reconnecting' while the service is away",
          d -> browser.find("#stream-state").getText().startsWith("reconnecting"));
      browser.screenshot("dashboard-reconnecting");

      try (ServiceProcess second = new ServiceProcess(dataDir, port, settings).start()) {
        browser.await(
            Duration.ofMinutes(4),
            "the resumed job's done event",
            d -> "done".equals(browser.find("#stream-state").getAttribute("data-state")));
        assertThat(browser.find("#stream-state").getText()).isEqualTo("done (SUCCEEDED)");
        assertThat(browser.findAll("#epoch-table tbody tr")).hasSize(2);
        String epochs = browser.find("#epoch-table tbody").getText();
        assertThat(epochs.lines().map(line -> line.split(" ")[0])).containsExactly("1", "2");
        assertThat(
                JSON.readTree(second.http().get("/api/v1/training-jobs/" + id).body())
                    .get("status")
                    .asString())
            .isEqualTo("SUCCEEDED");
      }
    }
  }
}

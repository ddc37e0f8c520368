package dev.residual.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The experiment API without workers (jobs stay queued): whole-grid validation that names the
 * variant and the field and queues nothing, preset expansion into tagged jobs, cancel and delete.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0",
      "residual.experiments.max-jobs=8"
    })
class ExperimentApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String BASE =
      "\"base\": {\"dataset\": \"fashion-mnist\", \"architecture\": {\"stem\": [8, 8, 16],"
          + " \"widths\": [16, 32], \"blocks\": [1, 1]}, \"epochs\": 1}";

  @LocalServerPort int port;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown preset | {\"preset\": \"resnet-vs-vgg\"} | preset | unknown preset",
        "preset and variants | {\"preset\": \"label-smoothing\", \"variants\": [{\"name\": \"a\"}]} | variants | not both",
        "no base | {\"variants\": [{\"name\": \"a\"}]} | base | required",
        "empty variants | {BASE, \"variants\": []} | variants | at least one",
        "duplicate names | {BASE, \"variants\": [{\"name\": \"a\"}, {\"name\": \"a\"}]} | variants[1].name | duplicate variant name 'a'",
        "duplicate seeds | {BASE, \"variants\": [{\"name\": \"a\"}], \"seeds\": [4, 4]} | seeds[1] | duplicate seed",
        "too many jobs | {BASE, \"variants\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}], \"seeds\": [1, 2, 3]} | variants | 9 jobs, more than the 8",
        "invalid architecture | {BASE, \"variants\": [{\"name\": \"ok\"}, {\"name\": \"broken\", \"overrides\": {\"architecture\": {\"widths\": [8, 16], \"blocks\": [1]}}}]} | variants[broken].architecture.blocks | ",
        "invalid batch size | {BASE, \"variants\": [{\"name\": \"ok\"}, {\"name\": \"huge\", \"overrides\": {\"batchSize\": 0}}]} | variants[huge].batchSize | ",
        "unknown dataset | {BASE, \"variants\": [{\"name\": \"elsewhere\", \"overrides\": {\"dataset\": \"cifar-10\"}}]} | variants[elsewhere].dataset | unknown dataset",
        "seed in overrides | {BASE, \"variants\": [{\"name\": \"a\", \"overrides\": {\"seed\": 3}}]} | variants[a].seed | seeds",
        "progressive resizing in one epoch | {\"preset\": \"progressive-resizing\", \"epochs\": 1} | epochs | at least 2",
        "imagenette grid without imagenette | {\"preset\": \"imagenette-grid\"} | preset | imagenette-320"
      })
  void anInvalidGridIsA400NamingTheFieldAndQueuesNothing(
      String title, String body, String field, String message) {
    Http http = new Http(port);
    long experiments = total(http, "/api/v1/experiments");
    long jobs = total(http, "/api/v1/training-jobs");

    var response = http.post("/api/v1/experiments", body.replace("BASE", BASE));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).as(response.body()).contains(field);
    if (message != null) {
      assertThat(problem.get("detail").asString()).contains(message);
    }
    assertThat(total(http, "/api/v1/experiments")).isEqualTo(experiments);
    assertThat(total(http, "/api/v1/training-jobs")).as("nothing queued").isEqualTo(jobs);
  }

  @Test
  void aPresetExpandsIntoOneTaggedJobPerVariantAndSeedThenCancelsAndDeletes() {
    Http http = new Http(port);
    var created =
        http.post(
            "/api/v1/experiments",
            "{\"preset\": \"plain-vs-residual\", \"seeds\": [7, 8], \"epochs\": 1,"
                + " \"base\": {\"architecture\": {\"stem\": [8, 8, 16], \"widths\": [8, 8, 16, 16],"
                + " \"blocks\": [1, 1, 1, 1]}, \"limitTrainBatches\": 1}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    assertThat(created.headers().firstValue("Location")).isPresent();
    JsonNode experiment = JSON.readTree(created.body());
    String id = experiment.get("id").asString();
    assertThat(experiment.get("jobs").asInt()).isEqualTo(8);
    assertThat(experiment.get("status").asString()).isEqualTo("QUEUED");

    List<String> cells = new ArrayList<>();
    List<String> jobIds = new ArrayList<>();
    for (JsonNode variant : experiment.get("variants")) {
      for (JsonNode job : variant.get("jobs")) {
        JsonNode stored =
            JSON.readTree(http.get("/api/v1/training-jobs/" + job.get("jobId").asString()).body());
        JsonNode request = stored.get("request");
        JsonNode tag = stored.get("experiment");
        assertThat(tag.get("experimentId").asString()).isEqualTo(id);
        assertThat(tag.get("variant").asString()).isEqualTo(variant.get("name").asString());
        assertThat(request.get("seed").asLong()).isEqualTo(tag.get("seed").asLong());
        assertThat(request.get("limitTrainBatches").asInt()).isEqualTo(1);
        JsonNode architecture = request.get("architecture");
        boolean plain = variant.get("name").asString().startsWith("plain");
        assertThat(architecture.get("residual").asBoolean()).isEqualTo(!plain);
        assertThat(architecture.get("widths").toString())
            .as("the base's widths are kept")
            .isEqualTo("[8,8,16,16]");
        cells.add(tag.get("variant").asString() + "/" + tag.get("seed").asLong());
        jobIds.add(stored.get("id").asString());
      }
    }
    assertThat(cells)
        .containsExactlyInAnyOrder(
            "residual-18/7",
            "residual-18/8",
            "plain-18/7",
            "plain-18/8",
            "residual-34/7",
            "residual-34/8",
            "plain-34/7",
            "plain-34/8");

    assertThat(http.delete("/api/v1/experiments/" + id).statusCode())
        .as("still queued")
        .isEqualTo(409);
    var cancelled = http.post("/api/v1/experiments/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(http.get("/api/v1/experiments/" + id).body()).get("status").asString())
        .isEqualTo("CANCELLED");
    assertThat(http.post("/api/v1/experiments/" + id + "/cancel", "").statusCode()).isEqualTo(409);

    assertThat(http.delete("/api/v1/experiments/" + id).statusCode()).isEqualTo(204);
    assertThat(http.get("/api/v1/experiments/" + id).statusCode()).isEqualTo(404);
    for (String job : jobIds) {
      assertThat(http.get("/api/v1/training-jobs/" + job).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void malformedIdsAre400AndUnknownOnes404() {
    Http http = new Http(port);
    assertThat(http.get("/api/v1/experiments/..%2f..%2fetc").statusCode()).isIn(400, 404);
    assertThat(http.get("/api/v1/experiments/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/v1/experiments/0b0c6c9e-1f4e-4c57-9a55-0d7c3a3b9f10").statusCode())
        .isEqualTo(404);
    assertThat(
            http.get("/api/v1/experiments/0b0c6c9e-1f4e-4c57-9a55-0d7c3a3b9f10/events")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void theDashboardLinksTheExperimentsPageAndServesItsModules() {
    Http http = new Http(port);
    var index = http.get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<a href=\"#/experiments\" data-page=\"experiments\">");
    assertThat(http.get("/dashboard/js/main.js").body()).contains("./pages/experiments.js");
    for (String module :
        List.of(
            "/dashboard/js/pages/experiments.js",
            "/dashboard/js/bars.js",
            "/dashboard/js/bands.js")) {
      var served = http.get(module);
      assertThat(served.statusCode()).as(module).isEqualTo(200);
      assertThat(served.headers().firstValue("Content-Type"))
          .as(module)
          .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }
    assertThat(http.get("/dashboard/js/pages/experiments.js").body()).contains("/results.csv");
  }

  private static long total(Http http, String path) {
    return JSON.readTree(http.get(path).body()).get("total").asLong();
  }
}

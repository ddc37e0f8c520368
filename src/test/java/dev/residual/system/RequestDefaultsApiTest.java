package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Contract;
import dev.residual.support.Http;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated clients send unset optional fields as {@code null} and unset lists as {@code []}: in
 * every request schema both mean "the default", exactly as leaving the field out does. Each answer
 * is also checked against the contract.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0"
    })
class RequestDefaultsApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  private final Contract contract = Contract.load();

  @Test
  void aTrainingJobsNullsAndEmptyListsTakeTheDefaults() {
    JsonNode absent =
        submit(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1, 1], \"widths\": [16, 32]}, \"epochs\": 1,"
                + " \"seed\": 5}");
    JsonNode nulls =
        submit(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1, 1], \"widths\": [16, 32],"
                + " \"stem\": [], \"block\": null, \"head\": null, \"residual\": null}, \"epochs\": 1, \"seed\": 5,"
                + " \"batchSize\": null, \"learningRate\": null, \"optimizer\": null, \"weightDecay\": null,"
                + " \"imageSize\": null, \"limitTrainBatches\": null, \"limitValidBatches\": null,"
                + " \"keepCheckpoints\": null, \"labelSmoothing\": null, \"schedule\": null, \"pctStart\": null,"
                + " \"divFactor\": null, \"finalDivFactor\": null, \"mixup\": null, \"augment\": null,"
                + " \"imageSizes\": [], \"publishAs\": null}");
    assertThat(nulls.get("request")).isEqualTo(absent.get("request"));
    assertThat(nulls.get("request").has("imageSizes")).isFalse();

    JsonNode emptyAugment =
        submit(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1, 1], \"widths\": [16, 32]}, \"epochs\": 1,"
                + " \"seed\": 5, \"augment\": {\"flip\": null, \"crop\": null, \"padding\": null, \"minScale\": null}}");
    assertThat(emptyAugment.get("request")).isEqualTo(absent.get("request"));
  }

  @Test
  void anUnsetSeedIsChosenWithinTwoToTheFiftyThreeMinusOne() {
    for (int i = 0; i < 20; i++) {
      JsonNode job =
          submit(
              "/api/v1/lr-finder",
              "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"seed\": null}");
      long seed = job.get("lrFinderRequest").get("seed").asLong();
      assertThat(seed).isBetween(0L, (1L << 53) - 1);
    }
    var tooLarge =
        new Http(port)
            .post(
                "/api/v1/training-jobs",
                "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1,"
                    + " \"seed\": 9007199254740992}");
    assertThat(tooLarge.statusCode()).isEqualTo(400);
    assertThat(tooLarge.body()).contains("seed");
  }

  @Test
  void anLrFinderRequestsNullsTakeTheDefaults() {
    JsonNode absent =
        submit(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"seed\": 1}");
    JsonNode nulls =
        submit(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"seed\": 1, \"batchSize\": null,"
                + " \"startLr\": null, \"endLr\": null, \"numIterations\": null, \"optimizer\": null,"
                + " \"weightDecay\": null, \"imageSize\": null, \"labelSmoothing\": null}");
    assertThat(nulls.get("lrFinderRequest")).isEqualTo(absent.get("lrFinderRequest"));
  }

  @Test
  void aSummarysSpecTakesTheDefaultsForEmptyListsAndNulls() {
    String body =
        "{\"architecture\": {\"blocks\": [2, 2, 2, 2], \"stem\": [], \"widths\": [], \"block\": null,"
            + " \"head\": null, \"residual\": null}, \"inputShape\": [1, 28, 28], \"numClasses\": 10}";
    HttpResponse<String> response = new Http(port).post("/api/v1/architectures/summary", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(
            contract.validateResponse(
                "POST", "/api/v1/architectures/summary", 200, "application/json", response.body()))
        .isEmpty();
    assertThat(JSON.readTree(response.body()).get("parameters").asLong())
        .as("resnet18")
        .isEqualTo(11_200_298L);
  }

  @Test
  void evaluationAndModelVersionRequestsTakeNullsAsDefaults() {
    Http http = new Http(port);
    UUID unknown = UUID.randomUUID();
    var evaluation =
        http.post(
            "/api/v1/checkpoints/" + unknown + "/evaluations",
            "{\"dataset\": \"fashion-mnist\", \"split\": null, \"batchSize\": null, \"limitBatches\": null}");
    assertThat(evaluation.statusCode())
        .as("the nulls pass; the checkpoint is unknown")
        .isEqualTo(404);

    var version =
        http.post(
            "/api/v1/models",
            "{\"name\": \"defaults\", \"checkpointId\": \"" + unknown + "\", \"activate\": null}");
    assertThat(version.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(version.body()).get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("field").asString()).isEqualTo("checkpointId");
    assertThat(
            contract.validateResponse(
                "POST", "/api/v1/models", 400, "application/problem+json", version.body()))
        .isEmpty();
  }

  private JsonNode submit(String path, String body) {
    Http http = new Http(port);
    HttpResponse<String> response = http.post(path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(contract.validateResponse("POST", path, 202, "application/json", response.body()))
        .as(response.body())
        .isEmpty();
    ObjectNode job = (ObjectNode) JSON.readTree(response.body());
    String id = job.get("id").asString();
    assertThat(http.post("/api/v1/training-jobs/" + id + "/cancel", "").statusCode())
        .isEqualTo(202);
    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(204);
    return job;
  }
}

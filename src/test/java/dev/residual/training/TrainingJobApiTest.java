package dev.residual.training;

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
 * The job API without workers (jobs stay queued): validation that names fields and stores nothing,
 * the pending-jobs limit, cancel and delete rules.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0",
      "residual.training.max-pending=3"
    })
class TrainingJobApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String VALID =
      "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1}";

  @LocalServerPort int port;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown field | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"epochz\": 2} | epochz",
        "negative epochs | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": -1} | epochs",
        "absurd batch | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"batchSize\": 100000000} | batchSize",
        "zero learning rate | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"learningRate\": 0} | learningRate",
        "NaN as a string | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"learningRate\": \"NaN\"} | learningRate",
        "unknown optimizer | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"optimizer\": \"lion\"} | optimizer",
        "unknown dataset | {\"dataset\": \"cifar-10\", \"architecture\": \"resnet18\", \"epochs\": 1} | dataset",
        "path in dataset | {\"dataset\": \"../etc\", \"architecture\": \"resnet18\", \"epochs\": 1} | dataset",
        "unknown architecture | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet19\", \"epochs\": 1} | architecture",
        "widths and blocks differ | {\"dataset\": \"fashion-mnist\", \"architecture\": {\"widths\": [8, 16], \"blocks\": [1]}, \"epochs\": 1} | architecture.blocks",
        "unknown block | {\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1], \"block\": \"dense\"}, \"epochs\": 1} | architecture.block",
        "missing epochs | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\"} | epochs",
        "unknown schedule | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"schedule\": \"step\"} | schedule",
        "pctStart of 1 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"pctStart\": 1} | pctStart",
        "divFactor below 1 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"divFactor\": 0.5} | divFactor",
        "negative mixup | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"mixup\": -0.4} | mixup",
        "smoothing over 0.5 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"labelSmoothing\": 0.6} | labelSmoothing",
        "unknown crop | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"augment\": {\"crop\": \"zoom\"}} | augment.crop",
        "tiny minScale | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1, \"augment\": {\"minScale\": 0.001}} | augment.minScale",
        "size step too small | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 2, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 4}]} | imageSizes[0].size",
        "size too small for the net | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 2, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 12}, {\"fromEpoch\": 1, \"size\": 28}]} | imageSizes[0].size",
        "size step without epoch | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 2, \"imageSizes\": [{\"size\": 20}]} | imageSizes[0].fromEpoch",
        "sizes not from epoch 0 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 3, \"imageSizes\": [{\"fromEpoch\": 1, \"size\": 20}]} | imageSizes[0].fromEpoch",
        "sizes out of order | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 3, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 0, \"size\": 28}]} | imageSizes[1].fromEpoch",
        "size step after the last epoch | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 2, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 2, \"size\": 28}]} | imageSizes[1].fromEpoch",
        "imageSize differs from the last step | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 2, \"imageSize\": 32, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 1, \"size\": 28}]} | imageSize",
        "activations beyond the memory limit | {\"dataset\": \"fashion-mnist\", \"architecture\": {\"stem\": [1024, 1024, 1024], \"widths\": [64], \"blocks\": [1]}, \"epochs\": 1, \"imageSize\": 512, \"batchSize\": 1024} | architecture",
        "resizing a flatten head | {\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1, 1], \"widths\": [8, 16], \"head\": \"flatten\"}, \"epochs\": 2, \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 1, \"size\": 28}]} | imageSizes",
      })
  void badRequestsNameTheFieldAndStoreNothing(String name, String body, String field) {
    Http http = new Http(port);
    long before = total(http);
    var response = http.post("/api/v1/training-jobs", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).as(response.body()).contains(field);
    assertThat(total(http)).isEqualTo(before);
  }

  @Test
  void aPageBeyondTheLargestOffsetIsABadRequest() {
    Http http = new Http(port);
    var response = http.get("/api/v1/training-jobs?page=2147483647&size=200");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("page");
    var last = http.get("/api/v1/training-jobs?page=10737417&size=200");
    assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void defaultsAreFilledInAndStored() {
    Http http = new Http(port);
    var response =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 3,"
                + " \"imageSizes\": [{\"fromEpoch\": 0, \"size\": 20}, {\"fromEpoch\": 2, \"size\": 28}],"
                + " \"augment\": {\"crop\": \"pad\"}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode request = JSON.readTree(response.body()).get("request");
    assertThat(request.get("optimizer").asString()).isEqualTo("nesterov");
    assertThat(request.get("batchSize").asInt()).isEqualTo(128);
    assertThat(request.get("learningRate").asDouble()).isEqualTo(0.2);
    assertThat(request.get("weightDecay").asDouble()).isEqualTo(0.005);
    assertThat(request.get("labelSmoothing").asDouble()).isEqualTo(0.1);
    assertThat(request.get("schedule").asString()).isEqualTo("one-cycle");
    assertThat(request.get("pctStart").asDouble()).isEqualTo(0.25);
    assertThat(request.get("divFactor").asDouble()).isEqualTo(25);
    assertThat(request.get("finalDivFactor").asDouble()).isEqualTo(1e5);
    assertThat(request.get("mixup").asDouble()).isEqualTo(0);
    // The last step's size is the model's input size; crop and flip as asked and defaulted.
    assertThat(request.get("imageSize").asInt()).isEqualTo(28);
    assertThat(request.get("augment").get("crop").asString()).isEqualTo("pad");
    assertThat(request.get("augment").get("flip").asBoolean()).isTrue();
    assertThat(request.get("augment").get("padding").asInt()).isEqualTo(4);
    String id = JSON.readTree(response.body()).get("id").asString();
    assertThat(http.post("/api/v1/training-jobs/" + id + "/cancel", "").statusCode())
        .isEqualTo(202);
    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(204);
  }

  @Test
  void adamWIsAcceptedWithItsOwnRateAndDecay() {
    Http http = new Http(port);
    // Make room in the queue, which other tests of this class may have filled.
    var queued = JSON.readTree(http.get("/api/v1/training-jobs?status=QUEUED&size=50").body());
    queued
        .get("items")
        .forEach(j -> http.post("/api/v1/training-jobs/" + j.get("id").asString() + "/cancel", ""));
    var response =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1,"
                + " \"optimizer\": \"adamw\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode request = JSON.readTree(response.body()).get("request");
    assertThat(request.get("optimizer").asString()).isEqualTo("adamw");
    assertThat(request.get("learningRate").asDouble()).isEqualTo(0.002);
    assertThat(request.get("weightDecay").asDouble()).isEqualTo(0.01);
    String id = JSON.readTree(response.body()).get("id").asString();
    assertThat(http.post("/api/v1/training-jobs/" + id + "/cancel", "").statusCode())
        .isEqualTo(202);
    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(204);
  }

  @Test
  void queueLimitCancelAndDelete() {
    Http http = new Http(port);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var response = http.post("/api/v1/training-jobs", VALID);
      if (response.statusCode() == 429) {
        break; // other tests of this class may have left queued jobs
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      ids.add(JSON.readTree(response.body()).get("id").asString());
    }
    var full = http.post("/api/v1/training-jobs", VALID);
    assertThat(full.statusCode()).isEqualTo(429);
    assertThat(full.headers().firstValue("Retry-After")).isPresent();

    String id = ids.get(0);
    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode())
        .as("queued jobs cannot be deleted")
        .isEqualTo(409);
    var cancelled = http.post("/api/v1/training-jobs/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(http.post("/api/v1/training-jobs/" + id + "/cancel", "").statusCode())
        .isEqualTo(409);

    var queued = JSON.readTree(http.get("/api/v1/training-jobs?status=QUEUED&size=50").body());
    queued.get("items").forEach(j -> assertThat(j.get("status").asString()).isEqualTo("QUEUED"));
    assertThat(http.post("/api/v1/training-jobs", VALID).statusCode())
        .as("room again")
        .isEqualTo(202);

    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(204);
    var gone = http.get("/api/v1/training-jobs/" + id);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(gone.body()).get("status").asInt()).isEqualTo(404);

    // Leave no queued job behind for the other tests of this class.
    JSON.readTree(http.get("/api/v1/training-jobs?status=QUEUED&size=50").body())
        .get("items")
        .forEach(j -> http.post("/api/v1/training-jobs/" + j.get("id").asString() + "/cancel", ""));
  }

  @Test
  void idsThatAreNotUuidsAreRefused() {
    Http http = new Http(port);
    assertThat(http.get("/api/v1/training-jobs/..%2f..%2fetc").statusCode()).isIn(400, 404);
    assertThat(http.get("/api/v1/training-jobs/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/v1/training-jobs?status=SLEEPING").statusCode()).isEqualTo(400);
  }

  private static long total(Http http) {
    return JSON.readTree(http.get("/api/v1/training-jobs").body()).get("total").asLong();
  }
}

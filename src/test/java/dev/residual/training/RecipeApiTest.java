package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.NewCheckpoint;
import dev.residual.inference.internal.TinyCheckpoints;
import dev.residual.support.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LR-finder and evaluation APIs without workers (jobs stay queued): validation that names the
 * field and stores nothing, LR-finder jobs in the job endpoints, evaluation 400s and 404s.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0"
    })
class RecipeApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired CheckpointStore checkpoints;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown field | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1} | epochs",
        "missing architecture | {\"dataset\": \"fashion-mnist\"} | architecture",
        "unknown dataset | {\"dataset\": \"cifar-10\", \"architecture\": \"resnet18\"} | dataset",
        "path in dataset | {\"dataset\": \"../etc\", \"architecture\": \"resnet18\"} | dataset",
        "unknown architecture | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet19\"} | architecture",
        "bad spec | {\"dataset\": \"fashion-mnist\", \"architecture\": {\"blocks\": [1], \"block\": \"dense\"}} | architecture.block",
        "zero start | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"startLr\": 0} | startLr",
        "end below start | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"startLr\": 0.1, \"endLr\": 0.01} | endLr",
        "end above 100 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"endLr\": 1000} | endLr",
        "too few iterations | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"numIterations\": 5} | numIterations",
        "absurd batch | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"batchSize\": 100000} | batchSize",
        "unknown optimizer | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"optimizer\": \"lion\"} | optimizer",
        "negative weight decay | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"weightDecay\": -1} | weightDecay",
        "tiny images | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"imageSize\": 4} | imageSize",
        "smoothing above 0.5 | {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"labelSmoothing\": 0.9} | labelSmoothing",
      })
  void badLrFinderRequestsNameTheFieldAndStoreNothing(String name, String body, String field) {
    Http http = new Http(port);
    long before = total(http);
    assertProblem(http.post("/api/v1/lr-finder", body), 400, field);
    assertThat(total(http)).isEqualTo(before);
  }

  @Test
  void anLrFinderJobIsQueuedWithItsDefaultsAndHandledLikeAnyJob() {
    Http http = new Http(port);
    var response =
        http.post(
            "/api/v1/lr-finder",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode job = JSON.readTree(response.body());
    String id = job.get("id").asString();
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/training-jobs/" + id));
    assertThat(job.get("kind").asString()).isEqualTo("lr-finder");
    assertThat(job.get("status").asString()).isEqualTo("QUEUED");
    assertThat(job.has("request")).as("a training job's field").isFalse();
    JsonNode request = job.get("lrFinderRequest");
    assertThat(request.get("startLr").asDouble()).isEqualTo(1e-7);
    assertThat(request.get("endLr").asDouble()).isEqualTo(10.0);
    assertThat(request.get("numIterations").asInt()).isEqualTo(100);
    assertThat(request.get("batchSize").asInt()).isEqualTo(128);
    assertThat(request.get("labelSmoothing").asDouble()).as("the training loss").isEqualTo(0.1);
    assertThat(request.get("optimizer").asString())
        .as("the training default")
        .isEqualTo("nesterov");
    assertThat(request.get("weightDecay").asDouble()).isEqualTo(0.005);
    assertThat(request.get("imageSize").asInt()).isEqualTo(28);
    assertThat(request.has("seed")).isTrue();
    assertThat(request.has("epochs")).as("not a training request").isFalse();
    assertThat(job.has("lrFinder")).as("no result before it ran").isFalse();

    JsonNode fetched = JSON.readTree(http.get("/api/v1/training-jobs/" + id).body());
    assertThat(fetched.get("lrFinderRequest")).isEqualTo(request);
    JsonNode listed = JSON.readTree(http.get("/api/v1/training-jobs?size=200").body());
    List<String> kinds = new ArrayList<>();
    listed
        .get("items")
        .forEach(
            j -> {
              if (j.get("id").asString().equals(id)) {
                kinds.add(j.get("kind").asString());
              }
            });
    assertThat(kinds).containsExactly("lr-finder");

    var cancelled = http.post("/api/v1/training-jobs/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(http.delete("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(204);
    assertThat(http.get("/api/v1/training-jobs/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void evaluationsOfUnknownCheckpointsAre404AndMalformedIds400() {
    Http http = new Http(port);
    String body = "{\"dataset\": \"fashion-mnist\"}";
    assertProblem(
        http.post("/api/v1/checkpoints/" + UUID.randomUUID() + "/evaluations", body), 404, null);
    assertProblem(http.post("/api/v1/checkpoints/not-a-uuid/evaluations", body), 400, "id");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown dataset | 1 | 10 | {\"dataset\": \"cifar-10\"} | dataset",
        "missing dataset | 1 | 10 | {\"split\": \"valid\"} | dataset",
        "unknown split | 1 | 10 | {\"dataset\": \"fashion-mnist\", \"split\": \"test\"} | split",
        "zero batches | 1 | 10 | {\"dataset\": \"fashion-mnist\", \"limitBatches\": 0} | limitBatches",
        "absurd batch | 1 | 10 | {\"dataset\": \"fashion-mnist\", \"batchSize\": 100000} | batchSize",
        "unknown field | 1 | 10 | {\"dataset\": \"fashion-mnist\", \"epochs\": 1} | epochs",
        "other classes | 1 | 3 | {\"dataset\": \"fashion-mnist\"} | dataset",
        "other channels | 3 | 10 | {\"dataset\": \"fashion-mnist\"} | dataset",
      })
  void badEvaluationsNameTheField(String name, int channels, int classes, String body, String field)
      throws Exception {
    UUID id = checkpoint(channels, classes);
    assertProblem(
        new Http(port).post("/api/v1/checkpoints/" + id + "/evaluations", body), 400, field);
  }

  private UUID checkpoint(int channels, int classes) throws Exception {
    var metadata =
        TinyCheckpoints.metadata(
            TinyCheckpoints.TINY, channels, 28, TinyCheckpoints.classes(classes));
    return checkpoints
        .save(new NewCheckpoint(UUID.randomUUID(), 1, metadata, 0.5, out -> out.write(1), null))
        .id();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    if (field != null) {
      List<String> fields = new ArrayList<>();
      JSON.readTree(response.body())
          .get("errors")
          .forEach(e -> fields.add(e.get("field").asString()));
      assertThat(fields).as(response.body()).contains(field);
    }
  }

  private static long total(Http http) {
    return JSON.readTree(http.get("/api/v1/training-jobs").body()).get("total").asLong();
  }
}

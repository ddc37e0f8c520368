package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.support.SseClient;
import dev.residual.support.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path of a user's own images: a zip of circles, squares and triangles (random colours,
 * sizes and positions) uploaded over HTTP as multipart, then a tiny ResNet trained on it through
 * the jobs API to high validation accuracy.
 */
@ResidualIntegrationTest
class ShapesTrainingIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  @Test
  void uploadsGeneratedShapesAndTrainsToHighAccuracy() throws Exception {
    Http http = new Http(port);
    byte[] zip = TestArchives.zip(TestArchives.files(TestImages.shapes(120, 32, 11), "shapes/"));
    String boundary = "shapes-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nshapes\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"archive\";"
                + " filename=\"shapes.zip\"\r\nContent-Type: application/zip\r\n\r\n")
            .getBytes();
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();

    HttpResponse<String> uploaded =
        http.client()
            .send(
                HttpRequest.newBuilder(http.uri("/api/v1/datasets"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, zip, tail)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    JsonNode dataset = JSON.readTree(uploaded.body());
    assertThat(dataset.get("imageShape").toString()).isEqualTo("[3,32,32]");
    assertThat(dataset.get("validSize").asInt()).isEqualTo(72);

    var submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"shapes\", \"architecture\": {\"stem\": [8, 8, 16], \"widths\": [16,"
                + " 32], \"blocks\": [1, 1]}, \"imageSize\": 32, \"epochs\": 10, \"batchSize\": 32,"
                + " \"optimizer\": \"adamw\", \"learningRate\": 0.005, \"seed\": 5, \"keepCheckpoints\": 1}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String id = JSON.readTree(submitted.body()).get("id").asString();

    List<SseClient.Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + id + "/events"),
            null,
            Duration.ofMinutes(3));

    JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
    double top1 = done.get("top1").asDouble();
    assertThat(top1).as("validation top-1 on 3 shapes (chance 0.33)").isGreaterThan(0.9);
  }
}

package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.datasets.TestArchives;
import dev.residual.inference.PredictionClient.Part;
import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.support.SseClient;
import dev.residual.support.TestImages;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Train/serve parity end to end: a tiny ResNet trained on an uploaded image folder whose images
 * (PNG and JPEG, colour and grey, 50–130 px on a side, any aspect ratio) are stored at their median
 * side and trained at 24 px predicts each held-out image over HTTP exactly as the checkpoint's
 * evaluation on the same images counts it: the same confusion matrix, hence the same top-1.
 */
@ResidualIntegrationTest
class ServingMatchesEvaluationIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int PER_CLASS_TRAIN = 40;
  static final int PER_CLASS_VALID = 30;

  @LocalServerPort int port;

  /** One held-out image: its class index, file name and bytes. */
  record Held(int label, String name, String contentType, byte[] bytes) {}

  @Test
  void servingTop1EqualsEvaluationTop1OnTheSameHeldOutImages() throws Exception {
    Http http = new Http(port);
    Random random = new Random(21);
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<Held> held = new ArrayList<>();
    for (String split : List.of("train", "valid")) {
      int perClass = split.equals("train") ? PER_CLASS_TRAIN : PER_CLASS_VALID;
      for (int i = 0; i < perClass; i++) {
        for (int shape = 0; shape < TestImages.SHAPES.length; shape++) {
          BufferedImage image =
              TestImages.shape(shape, 50 + random.nextInt(81), 50 + random.nextInt(81), random);
          boolean jpeg = random.nextBoolean();
          byte[] bytes =
              TestImages.encode(
                  random.nextInt(4) == 0 ? TestImages.greyscale(image) : image,
                  jpeg ? "jpeg" : "png");
          String name = i + (jpeg ? ".jpg" : ".png");
          files.put(split + "/" + TestImages.SHAPES[shape] + "/" + name, bytes);
          if (split.equals("valid")) {
            held.add(new Held(shape, name, jpeg ? "image/jpeg" : "image/png", bytes));
          }
        }
      }
    }
    JsonNode dataset =
        upload(http, "parity-shapes", TestArchives.zip(TestArchives.files(files, "")));
    int stored = dataset.get("imageShape").get(1).asInt();
    assertThat(stored).as("stored side: resizing to 24 is needed").isBetween(50, 130);

    var submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"parity-shapes\", \"architecture\": {\"stem\": [8, 8, 16], \"widths\":"
                + " [16, 32], \"blocks\": [1, 1]}, \"imageSize\": 24, \"epochs\": 4, \"batchSize\":"
                + " 32, \"optimizer\": \"adamw\", \"learningRate\": 0.005, \"seed\": 3,"
                + " \"keepCheckpoints\": 1}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String job = JSON.readTree(submitted.body()).get("id").asString();
    List<SseClient.Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + job + "/events"),
            null,
            Duration.ofMinutes(3));
    JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
    String checkpoint =
        JSON.readTree(http.get("/api/v1/checkpoints?jobId=" + job).body())
            .get(0)
            .get("id")
            .asString();

    HttpResponse<String> evaluated =
        http.post(
            "/api/v1/checkpoints/" + checkpoint + "/evaluations",
            "{\"dataset\": \"parity-shapes\", \"split\": \"valid\"}");
    assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
    JsonNode evaluation = JSON.readTree(evaluated.body());

    int classes = TestImages.SHAPES.length;
    long[][] served = new long[classes][classes];
    PredictionClient client = new PredictionClient(port);
    for (int from = 0; from < held.size(); from += 30) {
      List<Held> chunk = held.subList(from, Math.min(held.size(), from + 30));
      List<Part> parts = new ArrayList<>();
      for (Held image : chunk) {
        parts.add(new Part("images", image.name(), image.contentType(), image.bytes()));
      }
      HttpResponse<String> response =
          client.multipart("/api/v1/checkpoints/" + checkpoint + "/predictions?topK=1", parts);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode predictions = JSON.readTree(response.body()).get("predictions");
      for (int i = 0; i < chunk.size(); i++) {
        int predicted = predictions.get(i).get("classes").get(0).get("classIndex").asInt();
        served[chunk.get(i).label()][predicted]++;
      }
    }
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += served[c][c];
    }
    double servedTop1 = (double) right / held.size();

    assertThat(evaluation.get("images").asLong()).isEqualTo(held.size());
    assertThat(JSON.writeValueAsString(served))
        .as("confusion matrix of served predictions against the evaluation's")
        .isEqualTo(evaluation.get("confusionMatrix").toString());
    assertThat(servedTop1).isEqualTo(evaluation.get("top1").asDouble());
  }

  private static JsonNode upload(Http http, String name, byte[] zip) throws Exception {
    String boundary = "parity-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                + name
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"archive\";"
                + " filename=\""
                + name
                + ".zip\"\r\nContent-Type: application/zip\r\n\r\n")
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
    return JSON.readTree(uploaded.body());
  }
}

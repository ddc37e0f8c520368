package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.NewCheckpoint;
import dev.residual.inference.PredictionClient.Part;
import dev.residual.inference.internal.TinyCheckpoints;
import dev.residual.models.Architectures;
import dev.residual.support.Http;
import dev.residual.support.TestImages;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every bad input answers as specified, with a problem detail, and the service stays healthy; a
 * full queue answers 503 quickly while the requests it admitted succeed. The models here have
 * random weights, saved as checkpoints in-process: what they predict does not matter.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.inference.queue-size=8"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceLimitsIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PREDICT = "/api/v1/models/tiny/predictions";

  @LocalServerPort int port;
  @Autowired CheckpointStore checkpoints;

  private Http http;
  private PredictionClient client;
  private UUID tiny;

  @BeforeAll
  void publishModels() throws Exception {
    http = new Http(port);
    client = new PredictionClient(port);
    tiny = save(TinyCheckpoints.metadata(TinyCheckpoints.TINY, 1, 28, TinyCheckpoints.classes(10)));
    assertThat(create("tiny", tiny, null).statusCode()).isEqualTo(201);
    // resnet18 on 128-pixel colour images: slow enough on two cores for a queue to fill up.
    UUID slow =
        save(
            TinyCheckpoints.metadata(
                Architectures.named("resnet18").orElseThrow(),
                3,
                128,
                TinyCheckpoints.classes(10)));
    assertThat(create("slow", slow, null).statusCode()).isEqualTo(201);
  }

  private UUID save(CheckpointMetadata metadata) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      byte[] parameters = TinyCheckpoints.parameters(TinyCheckpoints.block(metadata, manager, 1));
      Checkpoint saved =
          checkpoints.save(
              new NewCheckpoint(
                  UUID.randomUUID(), 1, metadata, 0.5, out -> out.write(parameters), null));
      return saved.id();
    }
  }

  private HttpResponse<String> create(String name, UUID checkpoint, Boolean activate) {
    return http.post(
        "/api/v1/models",
        "{\"name\": \""
            + name
            + "\", \"checkpointId\": \""
            + checkpoint
            + "\""
            + (activate == null ? "" : ", \"activate\": " + activate)
            + "}");
  }

  static Stream<Arguments> badInputs() {
    byte[] jpeg = TestImages.encode(TestImages.filled(64, 64, Color.ORANGE), "jpeg");
    byte[] png = TestImages.encode(TestImages.filled(64, 64, Color.ORANGE), "png");
    byte[] overTenMib = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(png, 0, overTenMib, 0, png.length);
    return Stream.of(
        Arguments.of(
            "60-byte PNG declaring 65535×65535",
            "image/png",
            TestImages.pngHeaderOnly(65535, 65535),
            413),
        Arguments.of("raw body over 10 MiB", "image/png", overTenMib, 413),
        Arguments.of("GIF sent as JPEG", "image/jpeg", TestImages.gif(), 415),
        Arguments.of("TIFF sent as PNG", "image/png", TestImages.tiff(), 415),
        Arguments.of("executable sent as JPEG", "image/jpeg", TestImages.executable(), 415),
        Arguments.of("GIF content type", "image/gif", TestImages.gif(), 415),
        Arguments.of("text", "text/plain", "a cat".getBytes(), 415),
        Arguments.of("truncated JPEG", "image/jpeg", TestImages.truncated(jpeg, 0.5), 400),
        Arguments.of("truncated PNG", "image/png", TestImages.truncated(png, 0.5), 400),
        Arguments.of("empty body", "image/png", new byte[0], 400));
  }

  @ParameterizedTest(name = "{0} → {3}")
  @MethodSource("badInputs")
  void aBadRawBodyIsAProblemDetailWithItsStatus(String what, String type, byte[] body, int status) {
    HttpResponse<String> response = client.raw(PREDICT, type, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(status);
    assertThat(healthy()).isTrue();
  }

  @Test
  void badMultipartFormsAreProblemDetailsToo() {
    byte[] png = TestImages.encode(TestImages.filled(28, 28, Color.WHITE), "png");
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(png, 0, big, 0, png.length);
    List<Part> tooMany =
        new ArrayList<>(Collections.nCopies(65, new Part("images", "a.png", "image/png", png)));

    assertThat(
            multipartStatus(List.of(new Part("image", "cat.jpg", "image/jpeg", TestImages.gif()))))
        .isEqualTo(415);
    assertThat(multipartStatus(List.of(new Part("image", "big.png", "image/png", big))))
        .isEqualTo(413);
    assertThat(multipartStatus(List.of(new Part("photo", "a.png", "image/png", png))))
        .isEqualTo(400);
    HttpResponse<String> malformed =
        client.raw(PREDICT, "multipart/form-data; boundary=nowhere", "no parts here".getBytes());
    assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
    assertThat(multipartStatus(tooMany)).isEqualTo(400);
    // More than the queue's 8, but an empty queue admits any one request.
    assertThat(multipartStatus(tooMany.subList(0, 64))).isEqualTo(200);
    assertThat(healthy()).isTrue();
  }

  private int multipartStatus(List<Part> parts) {
    HttpResponse<String> response = client.multipart(PREDICT, parts);
    if (response.statusCode() != 200) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
    }
    return response.statusCode();
  }

  @Test
  void unknownModelsVersionsAndCheckpointsAre404AndAModelWithoutActiveVersion409() {
    byte[] png = TestImages.encode(TestImages.filled(28, 28, Color.WHITE), "png");
    assertThat(create("idle", tiny, false).statusCode()).isEqualTo(201);

    assertThat(client.raw("/api/v1/models/nope/predictions", "image/png", png).statusCode())
        .isEqualTo(404);
    assertThat(
            client
                .raw("/api/v1/models/tiny/versions/99/predictions", "image/png", png)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            client
                .raw("/api/v1/checkpoints/" + UUID.randomUUID() + "/predictions", "image/png", png)
                .statusCode())
        .isEqualTo(404);
    assertThat(client.raw("/api/v1/models/idle/predictions", "image/png", png).statusCode())
        .isEqualTo(409);
    assertThat(
            client.raw("/api/v1/models/idle/versions/1/predictions", "image/png", png).statusCode())
        .isEqualTo(200);
    assertThat(http.delete("/api/v1/checkpoints/" + tiny).statusCode()).isEqualTo(409);
    assertThat(create("tiny", UUID.randomUUID(), null).statusCode()).isEqualTo(400);
    assertThat(http.delete("/api/v1/models/idle").statusCode()).isEqualTo(204);
    assertThat(http.get("/api/v1/models/idle").statusCode()).isEqualTo(404);
  }

  @Test
  void aFullQueueAnswers503QuicklyWhileAdmittedRequestsSucceed() throws Exception {
    byte[] photo = TestImages.encode(TestImages.filled(128, 128, Color.CYAN), "png");
    ExecutorService clients = Executors.newFixedThreadPool(32);
    List<Callable<long[]>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(
          () -> {
            long start = System.nanoTime();
            HttpResponse<String> r =
                client.raw("/api/v1/models/slow/predictions", "image/png", photo);
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean retryAfter = r.headers().firstValue("Retry-After").isPresent();
            boolean answered =
                r.statusCode() == 200 && JSON.readTree(r.body()).get("predictions").size() == 1;
            return new long[] {r.statusCode(), millis, retryAfter ? 1 : 0, answered ? 1 : 0};
          });
    }
    List<long[]> results = new ArrayList<>();
    for (Future<long[]> f : clients.invokeAll(calls)) {
      results.add(f.get());
    }
    clients.shutdown();

    List<long[]> refused = results.stream().filter(r -> r[0] == 503).toList();
    List<long[]> admitted = results.stream().filter(r -> r[0] != 503).toList();
    long slowestAdmitted = admitted.stream().mapToLong(r -> r[1]).max().orElseThrow();
    assertThat(refused).as("32 clients for a queue of 8").isNotEmpty();
    assertThat(refused).allSatisfy(r -> assertThat(r[2]).as("Retry-After").isEqualTo(1));
    assertThat(refused)
        .as("refusals wait for no batch")
        .allSatisfy(r -> assertThat(r[1]).isLessThan(Math.min(slowestAdmitted, 2_000)));
    assertThat(admitted).allSatisfy(r -> assertThat(r[0]).isEqualTo(200));
    assertThat(admitted).allSatisfy(r -> assertThat(r[3]).isEqualTo(1));
    assertThat(healthy()).isTrue();
  }

  private boolean healthy() {
    HttpResponse<String> health = http.get("/actuator/health");
    return health.statusCode() == 200
        && "UP".equals(JSON.readTree(health.body()).get("status").asString());
  }
}

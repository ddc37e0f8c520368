package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.OnnxExports;
import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import dev.residual.inference.PredictionClient.Part;
import dev.residual.inference.internal.BatchSettings;
import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ModelLoader;
import dev.residual.inference.internal.OnnxRuntimeSettings;
import dev.residual.inference.internal.ServedModel;
import dev.residual.support.Http;
import dev.residual.support.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * From a training job to served predictions over HTTP: a tiny ResNet trained on a Fashion-MNIST
 * subset is published with {@code publishAs}, predicts held-out test images mostly right, and is
 * rolled forward and back while clients keep predicting, without a single failed request.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.batch-event-interval=200ms",
      "residual.training.poll-interval=200ms"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceEndToEndIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  static final String TINY = "{\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1]}";

  @LocalServerPort int port;
  @Autowired CheckpointStore checkpoints;
  @Autowired CheckpointNetworks networks;
  @Autowired OnnxExports exports;

  private Http http;
  private PredictionClient client;
  private String checkpointId;
  private byte[] testImages;
  private int[] testLabels;

  @BeforeAll
  void trainAndPublish() throws Exception {
    http = new Http(port);
    client = new PredictionClient(port);
    var submitted =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"fashion-mnist\", \"architecture\": "
                + TINY
                + ", \"epochs\": 2, \"batchSize\": 64, \"optimizer\": \"adamw\", \"learningRate\": 0.005, \"seed\": 7,"
                + " \"limitTrainBatches\": 60, \"limitValidBatches\": 20, \"keepCheckpoints\": 1,"
                + " \"publishAs\": \"fashion\"}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String job = JSON.readTree(submitted.body()).get("id").asString();
    JsonNode model = awaitModel("fashion", Duration.ofMinutes(10), job);
    assertThat(model.get("activeVersion").asInt()).isEqualTo(1);
    checkpointId = model.get("versions").get(0).get("checkpointId").asString();
    assertThat(model.get("versions").get(0).get("jobId").asString()).isEqualTo(job);

    IdxReader reader = new IdxReader(10_000L * 28 * 28);
    IdxData images = reader.read(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    IdxData labels = reader.read(FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
    testImages = images.values();
    testLabels = new int[labels.count()];
    for (int i = 0; i < testLabels.length; i++) {
      testLabels[i] = labels.values()[i] & 0xff;
    }
  }

  private JsonNode awaitModel(String name, Duration timeout, String job)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get("/api/v1/models/" + name);
      if (response.statusCode() == 200) {
        JsonNode model = JSON.readTree(response.body());
        if ("ready".equals(model.get("serving").asString())) {
          return model;
        }
      }
      String status =
          JSON.readTree(http.get("/api/v1/training-jobs/" + job).body()).get("status").asString();
      assertThat(status).as("the job is still on its way").isIn("QUEUED", "RUNNING", "SUCCEEDED");
      Thread.sleep(250);
    }
    throw new AssertionError("model " + name + " was not published in " + timeout);
  }

  /** Test image {@code index} (not one the job trained on) as a greyscale PNG. */
  private byte[] png(int index) {
    byte[] pixels = Arrays.copyOfRange(testImages, index * 784, (index + 1) * 784);
    return TestImages.encode(TestImages.grey(28, 28, pixels), "png");
  }

  @Test
  void predictsHeldOutTestImagesMostlyRightSeveralPerRequest() {
    int correct = 0;
    int total = 0;
    for (int start = 9_800; start < 10_000; start += 50) {
      List<Part> parts = new ArrayList<>();
      for (int i = start; i < start + 50; i++) {
        parts.add(new Part("images", "test-" + i + ".png", "image/png", png(i)));
      }
      HttpResponse<String> response = client.multipart("/api/v1/models/fashion/predictions", parts);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("model").asString()).isEqualTo("fashion");
      assertThat(body.get("version").asInt()).isEqualTo(1);
      JsonNode predictions = body.get("predictions");
      assertThat(predictions.size()).isEqualTo(50);
      for (int i = 0; i < 50; i++) {
        JsonNode prediction = predictions.get(i);
        assertThat(prediction.get("image").asString()).isEqualTo("test-" + (start + i) + ".png");
        assertThat(prediction.get("classes").size()).isEqualTo(5);
        correct +=
            prediction.get("classes").get(0).get("classIndex").asInt() == testLabels[start + i]
                ? 1
                : 0;
        total++;
      }
    }
    assertThat((double) correct / total).as("top-1 on 200 held-out images").isGreaterThan(0.6);
  }

  @Test
  void topKIsCappedAtTheClassesAndSortedAndTtaAveragesTheMirror() {
    byte[] image = png(9_000);

    JsonNode all = predict("/api/v1/models/fashion/predictions?topK=100", image);
    JsonNode one = predict("/api/v1/models/fashion/predictions?topK=1", image);
    JsonNode tta = predict("/api/v1/models/fashion/predictions?topK=3&tta=true", image);

    assertThat(all.get("topK").asInt()).isEqualTo(10);
    JsonNode classes = all.get("predictions").get(0).get("classes");
    assertThat(classes.size()).isEqualTo(10);
    double sum = 0;
    List<Double> probabilities = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (JsonNode c : classes) {
      probabilities.add(c.get("probability").asDouble());
      indices.add(c.get("classIndex").asInt());
      sum += c.get("probability").asDouble();
    }
    assertThat(probabilities).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(classes.get(0).get("label").asString()).isNotBlank();
    assertThat(one.get("predictions").get(0).get("classes").get(0)).isEqualTo(classes.get(0));
    assertThat(tta.get("tta").asBoolean()).isTrue();
    assertThat(tta.get("predictions").get(0).get("classes").size()).isEqualTo(3);
  }

  private JsonNode predict(String path, byte[] png) {
    HttpResponse<String> response = client.raw(path, "image/png", png);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void exportsTheVersionAsOnnxThatOnnxRuntimeRunsAndThatDescribesItself() throws Exception {
    HttpResponse<byte[]> version = http.getBytes("/api/v1/models/fashion/versions/1/onnx");
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("checkpoint-" + checkpointId + ".onnx");
    HttpResponse<byte[]> checkpoint =
        http.getBytes("/api/v1/checkpoints/" + checkpointId + "/onnx");
    assertThat(checkpoint.body()).isEqualTo(version.body());

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(version.body(), new OrtSession.SessionOptions())) {
      Map<String, String> props = session.getMetadata().getCustomMetadata();
      assertThat(JSON.readTree(props.get("classes")).get(9).asString()).isEqualTo("Ankle boot");
      assertThat(props.get("input_shape")).isEqualTo("[1,28,28]");
      assertThat(JSON.readTree(props.get("normalization")).get("std").size()).isEqualTo(1);
      assertThat(JSON.readTree(props.get("architecture")).get("widths").toString())
          .isEqualTo("[16,32]");
      assertThat(props.get("checkpoint_id")).isEqualTo(checkpointId);
      assertThat(props).containsKey("residual_version");
      assertThat(session.getInputNames()).containsExactly("input");
      assertThat(session.getOutputNames()).containsExactly("logits");
      float[] batch = new float[4 * 784];
      try (OnnxTensor x =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {4, 1, 28, 28});
          OrtSession.Result result = session.run(Map.of("input", x))) {
        assertThat(((OnnxTensor) result.get(0)).getInfo().getShape()).containsExactly(4, 10);
      }
    }

    assertThat(http.getBytes("/api/v1/models/fashion/versions/99/onnx").statusCode())
        .isEqualTo(404);
    assertThat(http.getBytes("/api/v1/checkpoints/" + UUID.randomUUID() + "/onnx").statusCode())
        .isEqualTo(404);
  }

  /**
   * The same checkpoint served on each engine ranks the same five classes in the same order for a
   * thousand test images: ONNX Runtime's logits differ from PyTorch's only in rounding.
   */
  @Test
  void bothEnginesServeTheSameTopFiveOnAThousandTestImages() throws Exception {
    UUID id = UUID.fromString(checkpointId);
    CheckpointMetadata metadata = checkpoints.find(id).metadata();
    float mean = metadata.normalization().mean().get(0);
    float std = metadata.normalization().std().get(0);
    List<float[]> images = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      float[] x = new float[784];
      for (int p = 0; p < 784; p++) {
        x[p] = ((testImages[i * 784 + p] & 0xff) / 255f - mean) / std;
      }
      images.add(x);
    }
    BatchSettings settings =
        new BatchSettings(
            1_000, 32, Duration.ofMillis(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 1);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelLoader pytorch = ModelLoader.pytorch(checkpoints, networks, settings, meters);
    ModelLoader onnxRuntime =
        ModelLoader.onnxRuntime(
            checkpoints, exports, new OnnxRuntimeSettings(1, false), settings, meters);
    List<float[]> fromPytorch = predict(pytorch.load(ModelKey.checkpoint(id)), images);
    List<float[]> fromOnnxRuntime = predict(onnxRuntime.load(ModelKey.checkpoint(id)), images);

    int correct = 0;
    for (int i = 0; i < images.size(); i++) {
      int[] expected = TopK.indices(fromPytorch.get(i), 5);
      assertThat(TopK.indices(fromOnnxRuntime.get(i), 5))
          .as("image %d", i)
          .containsExactly(expected);
      correct += expected[0] == testLabels[i] ? 1 : 0;
    }
    assertThat(correct).as("a trained model, not a constant one").isGreaterThan(600);
  }

  private static List<float[]> predict(ServedModel model, List<float[]> images) throws Exception {
    List<float[]> out = new ArrayList<>();
    try (ServedModel.Lease lease = model.tryAcquire().orElseThrow()) {
      for (var answer : lease.submit(images)) {
        out.add(answer.get(1, TimeUnit.MINUTES).output());
      }
    } finally {
      model.retire();
    }
    return out;
  }

  @Test
  void servesCheckpointsAndVersionsAndReportsReadiness() {
    JsonNode fromCheckpoint =
        predict("/api/v1/checkpoints/" + checkpointId + "/predictions", png(9_001));
    assertThat(fromCheckpoint.has("model")).isFalse();
    assertThat(fromCheckpoint.get("checkpointId").asString()).isEqualTo(checkpointId);

    JsonNode model = JSON.readTree(http.get("/api/v1/models/fashion").body());
    assertThat(model.get("classes").get(9).asString()).isEqualTo("Ankle boot");
    assertThat(model.get("inputShape").toString()).isEqualTo("[1,28,28]");
    assertThat(model.get("versions").get(0).get("metrics").get("top1").asDouble())
        .isGreaterThan(0.5);

    JsonNode readiness = JSON.readTree(http.get("/actuator/health/readiness").body());
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(
            readiness
                .get("components")
                .get("models")
                .get("details")
                .get("served")
                .get("fashion")
                .asString())
        .startsWith("version ");
    assertThat(http.delete("/api/v1/checkpoints/" + checkpointId).statusCode()).isEqualTo(409);
  }

  @Test
  void rollingForwardAndBackUnderLoadFailsNoRequest() throws Exception {
    HttpResponse<String> created =
        http.post(
            "/api/v1/models",
            "{\"name\": \"fashion\", \"checkpointId\": \"" + checkpointId + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    int next = JSON.readTree(created.body()).get("version").asInt();
    assertThat(JSON.readTree(created.body()).get("active").asBoolean()).isFalse();

    byte[] image = png(9_002);
    AtomicBoolean running = new AtomicBoolean(true);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Map<Integer, Integer> versions = new ConcurrentHashMap<>();
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      clients.add(
          load.submit(
              () -> {
                while (running.get()) {
                  HttpResponse<String> r =
                      client.raw("/api/v1/models/fashion/predictions", "image/png", image);
                  statuses.merge(r.statusCode(), 1, Integer::sum);
                  if (r.statusCode() == 200) {
                    versions.merge(JSON.readTree(r.body()).get("version").asInt(), 1, Integer::sum);
                  }
                }
              }));
    }
    try {
      Thread.sleep(500);
      assertThat(
              http.post("/api/v1/models/fashion/versions/" + next + "/activate", "").statusCode())
          .isEqualTo(200);
      Thread.sleep(500);
      HttpResponse<String> back = http.post("/api/v1/models/fashion/versions/1/activate", "");
      assertThat(back.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(back.body()).get("activeVersion").asInt()).isEqualTo(1);
      Thread.sleep(500);
    } finally {
      running.set(false);
      for (Future<?> f : clients) {
        f.get();
      }
      load.shutdown();
    }

    assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
    assertThat(versions.keySet()).as("versions that answered").contains(1, next);
    assertThat(http.delete("/api/v1/models/fashion/versions/" + next).statusCode()).isEqualTo(204);
  }
}

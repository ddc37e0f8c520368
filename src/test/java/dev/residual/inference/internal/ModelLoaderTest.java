package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.OnnxExports;
import dev.residual.inference.internal.BatchingQueue.Completed;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/** Loading a checkpoint into a served model, without Spring: a tiny network, a mocked store. */
class ModelLoaderTest {

  private static final int CLASSES = 4;

  private final CheckpointStore store = mock(CheckpointStore.class);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BatchSettings settings =
      new BatchSettings(
          16, 8, Duration.ofMillis(2), Duration.ofSeconds(30), Duration.ofSeconds(1), 1);
  private final NDManager manager = NDManager.newBaseManager();
  private final CheckpointMetadata metadata =
      TinyCheckpoints.metadata(TinyCheckpoints.TINY, 1, 28, TinyCheckpoints.classes(CLASSES));

  /** The loader of each engine, serving from the mocked store. */
  private ModelLoader loader(InferenceEngine engine) {
    CheckpointNetworks networks = new CheckpointNetworks(store);
    return engine == InferenceEngine.PYTORCH
        ? ModelLoader.pytorch(store, networks, settings, registry)
        : ModelLoader.onnxRuntime(
            store,
            new OnnxExports(store, networks, JsonMapper.builder().build()),
            new OnnxRuntimeSettings(1, false),
            settings,
            registry);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private UUID stored(byte[] parameters) throws Exception {
    UUID id = UUID.randomUUID();
    given(store.find(id))
        .willReturn(new Checkpoint(id, null, 1, "0".repeat(64), 1, 0.5, Instant.now(), metadata));
    given(store.openPayload(id, CheckpointStore.MODEL_PARAMS))
        .willAnswer(i -> new ByteArrayInputStream(parameters));
    return id;
  }

  private static float[] image(Random random) {
    float[] x = new float[28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(InferenceEngine.class)
  void servesTheCheckpointsWeightsAndBatchingDoesNotChangeAnAnswer(InferenceEngine engine)
      throws Exception {
    ModelLoader loader = loader(engine);
    Block original = TinyCheckpoints.block(metadata, manager, 3);
    UUID id = stored(TinyCheckpoints.parameters(original));
    Random random = new Random(5);
    List<float[]> images = List.of(image(random), image(random), image(random));

    ServedModel model = loader.load(ModelKey.of("tiny", 1, id));
    List<float[]> batched = new ArrayList<>();
    try (ServedModel.Lease lease = model.tryAcquire().orElseThrow()) {
      for (CompletableFuture<Completed<float[]>> f : lease.submit(images)) {
        batched.add(f.get(10, TimeUnit.SECONDS).output());
      }
    }
    model.retire();

    ParameterStore parameters = new ParameterStore(manager, false);
    for (int i = 0; i < images.size(); i++) {
      NDArray x = manager.create(images.get(i), new Shape(1, 1, 28, 28));
      float[] alone =
          original
              .forward(parameters, new NDList(x), false)
              .singletonOrThrow()
              .softmax(1)
              .toFloatArray();
      assertThat(batched.get(i)).hasSize(CLASSES);
      for (int c = 0; c < CLASSES; c++) {
        assertThat(batched.get(i)[c]).isCloseTo(alone[c], within(1e-5f));
      }
    }
    assertThat(model.classes()).isEqualTo(metadata.classes());
    assertThat(model.input().height()).isEqualTo(28);
  }

  @ParameterizedTest
  @EnumSource(InferenceEngine.class)
  void recordsMetricsPerModelAndVersionAndRemovesThemWhenClosed(InferenceEngine engine)
      throws Exception {
    ModelLoader loader = loader(engine);
    UUID id = stored(TinyCheckpoints.parameters(TinyCheckpoints.block(metadata, manager, 1)));
    ServedModel model = loader.load(ModelKey.of("tiny", 7, id));
    try (ServedModel.Lease lease = model.tryAcquire().orElseThrow()) {
      lease
          .submit(List.of(new float[28 * 28], new float[28 * 28]))
          .get(1)
          .get(10, TimeUnit.SECONDS);
    }

    // Warm-up batches are not counted: only the two images sent. The worker records a batch
    // before it completes the futures, so the metrics are there as soon as the answer is.
    assertThat(
            registry
                .get("residual.inference.queue.wait")
                .tags("model", "tiny", "version", "7")
                .timer()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("residual.inference.batch.size")
                .tag("model", "tiny")
                .summary()
                .totalAmount())
        .isEqualTo(2);
    assertThat(registry.get("residual.inference.forward").tag("version", "7").timer().count())
        .isBetween(1L, 2L);

    model.retire();
    assertThat(model.isClosed()).isTrue();
    assertThat(registry.find("residual.inference.forward").tag("version", "7").timer()).isNull();
  }

  @ParameterizedTest
  @EnumSource(InferenceEngine.class)
  void aRetiredModelTakesNoNewLeasesAndClosesWhenTheLastOneEnds(InferenceEngine engine)
      throws Exception {
    ModelLoader loader = loader(engine);
    UUID id = stored(TinyCheckpoints.parameters(TinyCheckpoints.block(metadata, manager, 2)));
    ServedModel model = loader.load(ModelKey.checkpoint(id));
    ServedModel.Lease inFlight = model.tryAcquire().orElseThrow();

    model.retire();

    assertThat(model.tryAcquire()).isEmpty();
    assertThat(model.isClosed()).isFalse();
    // The request in flight still gets its answer from the retiring model.
    assertThat(
            inFlight.submit(List.of(new float[28 * 28])).get(0).get(10, TimeUnit.SECONDS).output())
        .hasSize(CLASSES);
    inFlight.close();
    assertThat(model.isClosed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(InferenceEngine.class)
  void parametersThatDoNotFitTheNetworkAre422(InferenceEngine engine) throws Exception {
    ModelLoader loader = loader(engine);
    UUID id = stored(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    assertThatThrownBy(() -> loader.load(ModelKey.checkpoint(id)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
              assertThat(e.getMessage()).contains(id.toString());
            });
  }
}

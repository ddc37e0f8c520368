package dev.residual.inference.internal;

import ai.djl.engine.EngineException;
import ai.onnxruntime.OrtException;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.OnnxExports;
import dev.residual.system.DomainException;
import dev.residual.system.UnprocessableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a checkpoint into a {@link ServedModel}: loads its network on the serving engine (an ONNX
 * Runtime session of its ONNX export, or the DJL network itself), starts the workers and warms each
 * of them up with a batch of one and a full batch, so that the first real request does not pay for
 * the engine's first-call set-up.
 */
public final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private final CheckpointStore checkpoints;
  private final InferenceEngine engine;
  private final NetworkLoader networks;
  private final BatchSettings settings;
  private final ModelMeters.Factory meters;

  private ModelLoader(
      CheckpointStore checkpoints,
      InferenceEngine engine,
      NetworkLoader networks,
      BatchSettings settings,
      MeterRegistry registry) {
    this.checkpoints = checkpoints;
    this.engine = engine;
    this.networks = networks;
    this.settings = settings;
    this.meters = new ModelMeters.Factory(registry);
  }

  /** Serves on ONNX Runtime, each checkpoint exported by {@code exports}. */
  public static ModelLoader onnxRuntime(
      CheckpointStore checkpoints,
      OnnxExports exports,
      OnnxRuntimeSettings onnxRuntime,
      BatchSettings settings,
      MeterRegistry registry) {
    return new ModelLoader(
        checkpoints,
        InferenceEngine.ONNXRUNTIME,
        new OrtNetworks(exports, onnxRuntime),
        settings,
        registry);
  }

  /** Serves on DJL's PyTorch engine, the network training uses. */
  public static ModelLoader pytorch(
      CheckpointStore checkpoints,
      CheckpointNetworks networks,
      BatchSettings settings,
      MeterRegistry registry) {
    return new ModelLoader(
        checkpoints, InferenceEngine.PYTORCH, new DjlNetworks(networks), settings, registry);
  }

  public InferenceEngine engine() {
    return engine;
  }

  /**
   * Loads and warms up the model; the caller owns the result and ends it with {@link
   * ServedModel#retire()}.
   *
   * @throws DomainException 404 if the checkpoint does not exist, 422 if it cannot be served
   */
  public ServedModel load(ModelKey key) {
    long start = System.nanoTime();
    CheckpointMetadata metadata = checkpoints.find(key.checkpointId()).metadata();
    ModelInput input;
    try {
      input = ModelInput.of(metadata);
    } catch (IllegalArgumentException e) {
      throw unservable(key, e);
    }
    LoadedNetwork network;
    try {
      network = networks.load(key.checkpointId(), metadata, input);
    } catch (DomainException e) {
      throw e;
    } catch (Exception e) {
      throw unservable(key, e);
    }
    try {
      BatchingQueue<float[], float[]> queue = new BatchingQueue<>(settings);
      ModelMeters modelMeters = meters.acquire(key);
      BatchWorkers<float[], float[]> workers;
      try {
        workers =
            BatchWorkers.start(
                "infer-" + key.modelTag() + "-" + key.versionTag(),
                settings.workers(),
                queue,
                () -> network.newHandler(settings.maxBatchSize()),
                warmUpBatches(input),
                modelMeters);
      } catch (RuntimeException e) {
        modelMeters.release();
        throw e;
      }
      log.info(
          "Loaded {} on {} with {} workers in {} ms",
          key,
          engine,
          settings.workers(),
          (System.nanoTime() - start) / 1_000_000);
      return new ServedModel(key, input, metadata.classes(), network, queue, workers, modelMeters);
    } catch (RuntimeException e) {
      network.close();
      throw unservable(key, e);
    }
  }

  private List<List<float[]>> warmUpBatches(ModelInput input) {
    float[] blank = new float[input.size()];
    return List.of(List.of(blank), Collections.nCopies(settings.maxBatchSize(), blank));
  }

  private static DomainException unservable(ModelKey key, Exception e) {
    String why =
        e instanceof EngineException || e instanceof OrtException
            ? "the engine refused it"
            : String.valueOf(e.getMessage());
    return new UnprocessableException(
        "Checkpoint cannot be served", "Could not load " + key + ": " + why);
  }
}

package dev.residual.inference.internal;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.models.ResNets;
import dev.residual.system.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Turns a checkpoint into a {@link ServedModel}: rebuilds its network from the metadata, loads
 * {@code model.params}, starts the workers and warms each of them up with a batch of one and a full
 * batch, so that the first real request does not pay for PyTorch's first-call set-up.
 */
public final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private final CheckpointStore checkpoints;
  private final BatchSettings settings;
  private final ModelMeters.Factory meters;

  public ModelLoader(CheckpointStore checkpoints, BatchSettings settings, MeterRegistry registry) {
    this.checkpoints = checkpoints;
    this.settings = settings;
    this.meters = new ModelMeters.Factory(registry);
  }

  /**
   * Loads and warms up the model; the caller owns the result and ends it with {@link
   * ServedModel#retire()}.
   *
   * @throws ApiException 404 if the checkpoint does not exist, 422 if it cannot be served
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
    NDManager manager = NDManager.newBaseManager();
    try {
      Block block = loadBlock(key, metadata, input, manager);
      BatchingQueue<float[], float[]> queue = new BatchingQueue<>(settings);
      ModelMeters modelMeters = meters.acquire(key);
      BatchWorkers<float[], float[]> workers;
      try {
        workers =
            BatchWorkers.start(
                "infer-" + key.modelTag() + "-" + key.versionTag(),
                settings.workers(),
                queue,
                () -> new BlockForward(manager, block, input.chw(), settings.maxBatchSize()),
                warmUpBatches(input),
                modelMeters);
      } catch (RuntimeException e) {
        modelMeters.release();
        throw e;
      }
      log.info("Loaded {} in {} ms", key, (System.nanoTime() - start) / 1_000_000);
      return new ServedModel(key, input, metadata.classes(), manager, queue, workers, modelMeters);
    } catch (ApiException e) {
      manager.close();
      throw e;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      manager.close();
      throw unservable(key, e);
    }
  }

  private Block loadBlock(
      ModelKey key, CheckpointMetadata metadata, ModelInput input, NDManager manager)
      throws IOException, MalformedModelException {
    Block block =
        ResNets.build(
            metadata.architecture(),
            input.channels(),
            metadata.classes().size(),
            input.height(),
            input.width());
    block.initialize(
        manager, DataType.FLOAT32, new Shape(1, input.channels(), input.height(), input.width()));
    try (InputStream in =
        checkpoints.openPayload(key.checkpointId(), CheckpointStore.MODEL_PARAMS)) {
      block.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
    }
    return block;
  }

  private List<List<float[]>> warmUpBatches(ModelInput input) {
    float[] blank = new float[input.size()];
    return List.of(List.of(blank), Collections.nCopies(settings.maxBatchSize(), blank));
  }

  private static ApiException unservable(ModelKey key, Exception e) {
    String why =
        e instanceof EngineException ? "the engine refused it" : String.valueOf(e.getMessage());
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "Checkpoint cannot be served",
        "Could not load " + key + ": " + why);
  }
}

package dev.residual.inference;

import dev.residual.inference.internal.BatchSettings;
import dev.residual.inference.internal.InferenceEngine;
import dev.residual.inference.internal.OnnxRuntimeSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of model serving, all under {@code residual.inference}.
 *
 * @param maxBatchSize images in one forward pass
 * @param maxBatchDelay how long a batch may stay open, once a worker is free, for requests on their
 *     way: being decoded, or expected because as many were in flight before; a lone client is never
 *     held back. Unset, 0 on ONNX Runtime, whose passes cost little beyond their images: a free
 *     worker takes what is waiting at once rather than leave its core idle; 5 ms on PyTorch, which
 *     reorders every convolution's weights at each pass and so gains from fuller batches
 * @param queueSize images per model version waiting for a worker before requests get 503 (as
 *     TorchServe's {@code job_queue_size})
 * @param requestTimeout how long a request may wait for its predictions before it gets 503
 * @param retryAfter what a client refused with 503 is told to wait
 * @param workers forward-pass threads per loaded model; 0 (automatic) uses every core once: on ONNX
 *     Runtime, cores divided by {@code onnxruntime.intra-op-threads}; on PyTorch, one, since
 *     PyTorch splits each forward pass over every core itself
 * @param maxImageBytes the largest image accepted, 413 above
 * @param maxImagePixels the most pixels an image header may declare, 413 above (Pillow's {@code
 *     MAX_IMAGE_PIXELS})
 * @param maxImages images in one multipart request
 * @param maxConcurrentDecodes images read and decoded at once; bounds the memory that large uploads
 *     can hold
 * @param onDemandModels checkpoints and inactive versions kept loaded for direct predictions, least
 *     recently used first out
 * @param syncInterval how often the registry is re-read, to pick up activations made through
 *     another instance and to retry models that failed to load
 * @param engine what runs the forward passes: {@code onnxruntime} (each version exported to ONNX
 *     and loaded into an ONNX Runtime session) or {@code pytorch} (the DJL network, as in training)
 * @param onnxruntime thread settings of the ONNX Runtime sessions
 * @param bodyReadTimeout how long a raw image body may take to arrive, 408 past it; it is read
 *     before a decoding slot is taken, so a slow client holds only its own connection
 * @param maxConcurrentModelLoads checkpoints or inactive versions being loaded at once for direct
 *     predictions; further requests wait for one, up to their deadline
 */
@ConfigurationProperties("residual.inference")
public record InferenceProperties(
    @DefaultValue("32") int maxBatchSize,
    Duration maxBatchDelay,
    @DefaultValue("100") int queueSize,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("1s") Duration retryAfter,
    @DefaultValue("0") int workers,
    @DefaultValue("10MB") DataSize maxImageBytes,
    @DefaultValue("89478485") long maxImagePixels,
    @DefaultValue("64") int maxImages,
    @DefaultValue("4") int maxConcurrentDecodes,
    @DefaultValue("2") int onDemandModels,
    @DefaultValue("30s") Duration syncInterval,
    @DefaultValue("onnxruntime") InferenceEngine engine,
    @DefaultValue OnnxRuntime onnxruntime,
    @DefaultValue("30s") Duration bodyReadTimeout,
    @DefaultValue("1") int maxConcurrentModelLoads) {

  public InferenceProperties {
    if (maxImageBytes.toBytes() < 1 || maxImagePixels < 1 || maxImages < 1) {
      throw new IllegalArgumentException(
          "residual.inference.max-image-bytes, max-image-pixels and max-images must be positive");
    }
    if (workers < 0) {
      throw new IllegalArgumentException(
          "residual.inference.workers must be 0 (automatic) or more");
    }
    if (maxConcurrentDecodes < 1
        || onDemandModels < 1
        || maxConcurrentModelLoads < 1
        || bodyReadTimeout.isNegative()
        || bodyReadTimeout.isZero()
        || syncInterval.isNegative()
        || syncInterval.isZero()) {
      throw new IllegalArgumentException(
          "residual.inference.max-concurrent-decodes and on-demand-models must be at least 1"
              + " and sync-interval positive");
    }
    if (maxBatchDelay == null) {
      maxBatchDelay = engine == InferenceEngine.PYTORCH ? Duration.ofMillis(5) : Duration.ZERO;
    }
    // Checked here too, so that a bad value fails at start-up rather than at the first load.
    onnxruntime.settings();
    new BatchSettings(
        queueSize, maxBatchSize, maxBatchDelay, requestTimeout, retryAfter, Math.max(1, workers));
  }

  /**
   * ONNX Runtime's threads.
   *
   * @param intraOpThreads threads one forward pass is split over; 0 lets ONNX Runtime take one per
   *     physical core. One by default: at small inputs a forward pass is a chain of short
   *     operators, and waking a second thread for each costs more than it saves, while several
   *     workers keep every core busy under concurrent traffic
   * @param spinning whether idle intra-op threads spin waiting for work: lowest latency on a pod
   *     that only serves; off, they sleep and leave the cores to training, decoding and HTTP
   */
  record OnnxRuntime(
      @DefaultValue("1") int intraOpThreads, @DefaultValue("false") boolean spinning) {

    OnnxRuntimeSettings settings() {
      return new OnnxRuntimeSettings(intraOpThreads, spinning);
    }
  }

  /** The batching settings on a machine with {@code cores} cores. */
  BatchSettings batchSettings(int cores) {
    return new BatchSettings(
        queueSize, maxBatchSize, maxBatchDelay, requestTimeout, retryAfter, workers(cores));
  }

  /** Forward-pass threads per model: as configured, or when automatic, every core used once. */
  int workers(int cores) {
    if (workers > 0) {
      return workers;
    }
    if (engine == InferenceEngine.PYTORCH) {
      return 1;
    }
    int threadsPerPass = onnxruntime.intraOpThreads() == 0 ? cores : onnxruntime.intraOpThreads();
    return Math.max(1, cores / threadsPerPass);
  }
}

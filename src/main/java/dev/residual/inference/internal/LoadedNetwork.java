package dev.residual.inference.internal;

/**
 * A checkpoint's network loaded on one engine, with its native memory. Worker threads each ask for
 * their own handler; the {@link ServedModel} that owns the network closes it after its workers have
 * stopped.
 */
interface LoadedNetwork extends AutoCloseable {

  /**
   * A forward pass for the calling worker thread: preprocessed images in, class probabilities out.
   */
  BatchWorkers.Handler<float[], float[]> newHandler(int maxBatchSize);

  /** Frees the native memory; called once, when no handler runs any more. */
  @Override
  void close();
}

package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a block over a split in order without gradients and counts what it got right: mean loss,
 * top-1 and top-5, throughput, and optionally a {@link ConfusionMatrix}. The one loop behind a
 * training job's validation and a checkpoint's {@link Evaluator evaluation}, so that both count the
 * same batches with the same preprocessing, loss and tie rules.
 */
final class ValidationPass {

  /**
   * What a pass measured; NaN metrics when there was nothing to validate.
   *
   * @param images images seen
   * @param batches batches run
   * @param loss mean loss per image
   * @param top1 top-1 accuracy
   * @param top5 top-5 accuracy
   * @param seconds wall time
   */
  record Result(long images, int batches, double loss, double top1, double top5, double seconds) {

    double imagesPerSecond() {
      return images == 0 ? Double.NaN : images / seconds;
    }
  }

  private final Block block;
  private final ParameterStore parameterStore;
  private final NDManager runManager;
  private final double labelSmoothing;
  private final BooleanSupplier cancelled;

  ValidationPass(
      Block block,
      ParameterStore parameterStore,
      NDManager runManager,
      double labelSmoothing,
      BooleanSupplier cancelled) {
    this.block = block;
    this.parameterStore = parameterStore;
    this.runManager = runManager;
    this.labelSmoothing = labelSmoothing;
    this.cancelled = cancelled;
  }

  /**
   * Validates up to {@code limit} batches (null: all) of {@code loader} at image side {@code size}
   * (null: the stored size), adding each image's arg-max to {@code confusion} if given; null when
   * cancelled midway.
   */
  @Nullable Result run(
      BatchLoader loader,
      @Nullable Integer limit,
      @Nullable Integer size,
      @Nullable ConfusionMatrix confusion) {
    int[] order = loader.inOrder();
    int batches = loader.validBatches(limit);
    long start = System.nanoTime();
    double lossSum = 0;
    long top1 = 0;
    long top5 = 0;
    long seen = 0;
    for (int batch = 0; batch < batches; batch++) {
      if (cancelled.getAsBoolean()) {
        return null;
      }
      try (NDManager batchManager = runManager.newSubManager()) {
        NDList data = loader.batch(batchManager, order, batch, size, Augmentation.NONE, 0);
        NDArray x = data.get(0);
        NDArray y = data.get(1);
        Autograd.disable(x);
        NDArray logits = block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
        long n = x.getShape().get(0);
        lossSum += CrossEntropyLoss.mean(logits, y, labelSmoothing).getFloat() * n;
        long[] correct = TopKAccuracy.countCorrect(logits, y, 1, 5);
        top1 += correct[0];
        top5 += correct[1];
        if (confusion != null) {
          confusion.add(y.toLongArray(), logits.argMax(1).toLongArray());
        }
        seen += n;
      }
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    if (seen == 0) {
      return new Result(0, batches, Double.NaN, Double.NaN, Double.NaN, seconds);
    }
    return new Result(
        seen, batches, lossSum / seen, (double) top1 / seen, (double) top5 / seen, seconds);
  }
}

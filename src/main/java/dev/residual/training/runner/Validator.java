package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.function.BooleanSupplier;

/** One validation pass: mean loss, top-1 and top-5 accuracy, throughput; no gradients. */
final class Validator {

  /** Result of a pass; NaN metrics when there was nothing to validate. */
  record Pass(double loss, double top1, double top5, double imagesPerSecond) {}

  private final Block block;
  private final ParameterStore parameterStore;
  private final BatchLoader valid;
  private final NDManager runManager;
  private final double labelSmoothing;
  private final BooleanSupplier cancelled;

  Validator(
      Block block,
      ParameterStore parameterStore,
      BatchLoader valid,
      NDManager runManager,
      double labelSmoothing,
      BooleanSupplier cancelled) {
    this.block = block;
    this.parameterStore = parameterStore;
    this.valid = valid;
    this.runManager = runManager;
    this.labelSmoothing = labelSmoothing;
    this.cancelled = cancelled;
  }

  /**
   * Validates up to {@code limit} batches (null: all) at image side {@code size} (null: the stored
   * size); null when cancelled midway.
   */
  Pass run(Integer limit, Integer size) {
    int[] order = valid.inOrder();
    int batches = valid.validBatches(limit);
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
        NDList data = valid.batch(batchManager, order, batch, size, Augmentation.NONE, 0);
        NDArray x = data.get(0);
        NDArray y = data.get(1);
        Autograd.disable(x);
        NDArray logits = block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
        long n = x.getShape().get(0);
        lossSum += CrossEntropyLoss.mean(logits, y, labelSmoothing).getFloat() * n;
        long[] correct = TopKAccuracy.countCorrect(logits, y, 1, 5);
        top1 += correct[0];
        top5 += correct[1];
        seen += n;
      }
    }
    if (seen == 0) {
      return new Pass(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    return new Pass(lossSum / seen, (double) top1 / seen, (double) top5 / seen, seen / seconds);
  }
}

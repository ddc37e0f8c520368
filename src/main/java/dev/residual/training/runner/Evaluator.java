package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.util.Objects;

/**
 * Runs a trained block over a split in order, exactly as a training job validates (same batches,
 * same preprocessing, same loss and top-k counting), and also fills a {@link ConfusionMatrix} from
 * each image's highest-scoring class. Evaluating a job's checkpoint on its validation split with
 * the job's batch size and batch limit therefore reproduces the job's validation metrics.
 */
public final class Evaluator {

  /**
   * What a pass measured.
   *
   * @param images images evaluated
   * @param batches batches evaluated
   * @param loss mean cross-entropy per image (label-smoothed as asked)
   * @param top1 top-1 accuracy, ties counted against the prediction as in {@link TopKAccuracy}
   * @param top5 top-5 accuracy
   * @param confusion true class against the arg-max prediction (the first class on ties)
   * @param seconds wall time
   */
  public record Evaluation(
      long images,
      int batches,
      double loss,
      double top1,
      double top5,
      ConfusionMatrix confusion,
      double seconds) {}

  /**
   * Input pipeline of a pass.
   *
   * @param normalization the per-channel statistics the network was trained with
   * @param imageSize side of the network's square input; null keeps the stored size
   * @param batchSize images per batch
   * @param limitBatches at most this many batches; null for the whole split
   * @param labelSmoothing label smoothing of the loss, 0 for plain cross-entropy
   */
  public record Settings(
      Normalization normalization,
      Integer imageSize,
      int batchSize,
      Integer limitBatches,
      double labelSmoothing) {

    public Settings {
      Objects.requireNonNull(normalization, "normalization");
      if (batchSize < 1 || (limitBatches != null && limitBatches < 1)) {
        throw new IllegalArgumentException("batchSize and limitBatches must be at least 1");
      }
      if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
        throw new IllegalArgumentException("labelSmoothing must be in [0, 1)");
      }
    }
  }

  private Evaluator() {}

  /**
   * Evaluates {@code block}, whose output has {@code classes} scores, on {@code split}. Arrays the
   * pass creates live under {@code manager} and are closed before it returns.
   */
  public static Evaluation run(
      Block block, ImageSplit split, int classes, Settings settings, NDManager manager) {
    if (split.count() == 0) {
      throw new IllegalArgumentException("the split has no images");
    }
    long start = System.nanoTime();
    ConfusionMatrix confusion = new ConfusionMatrix(classes);
    double lossSum = 0;
    long top1 = 0;
    long top5 = 0;
    long seen = 0;
    int batches;
    try (NDManager runManager = manager.newSubManager();
        BatchLoader loader =
            new BatchLoader(
                split,
                settings.normalization(),
                settings.imageSize(),
                settings.batchSize(),
                runManager)) {
      ParameterStore parameters = new ParameterStore(runManager, false);
      int[] order = loader.inOrder();
      batches = loader.validBatches(settings.limitBatches());
      for (int batch = 0; batch < batches; batch++) {
        try (NDManager batchManager = runManager.newSubManager()) {
          NDList data = loader.batch(batchManager, order, batch);
          NDArray x = data.get(0);
          NDArray y = data.get(1);
          Autograd.disable(x);
          NDArray logits = block.forward(parameters, new NDList(x), false).singletonOrThrow();
          long n = x.getShape().get(0);
          // The same expression as the job's validation, so that the sums agree to the bit.
          lossSum += CrossEntropyLoss.mean(logits, y, settings.labelSmoothing()).getFloat() * n;
          long[] correct = TopKAccuracy.countCorrect(logits, y, 1, 5);
          top1 += correct[0];
          top5 += correct[1];
          confusion.add(y.toLongArray(), logits.argMax(1).toLongArray());
          seen += n;
        }
      }
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    return new Evaluation(
        seen, batches, lossSum / seen, (double) top1 / seen, (double) top5 / seen, confusion, seconds);
  }
}

package dev.residual.training.runner;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.util.Objects;

/**
 * Runs a trained block over a split in order with the training job's own validation loop ({@link
 * ValidationPass}: same batches, same preprocessing, same loss and top-k counting), and also fills
 * a {@link ConfusionMatrix} from each image's highest-scoring class. Evaluating a job's checkpoint
 * on its validation split with the job's batch size and batch limit therefore reproduces the job's
 * validation metrics.
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
    ConfusionMatrix confusion = new ConfusionMatrix(classes);
    ValidationPass.Result result;
    try (NDManager runManager = manager.newSubManager();
        BatchLoader loader =
            new BatchLoader(
                split,
                settings.normalization(),
                settings.imageSize(),
                settings.batchSize(),
                runManager)) {
      ValidationPass pass =
          new ValidationPass(
              block,
              new ParameterStore(runManager, false),
              runManager,
              settings.labelSmoothing(),
              () -> false);
      result = pass.run(loader, settings.limitBatches(), settings.imageSize(), confusion);
    }
    return new Evaluation(
        result.images(),
        result.batches(),
        result.loss(),
        result.top1(),
        result.top5(),
        confusion,
        result.seconds());
  }
}

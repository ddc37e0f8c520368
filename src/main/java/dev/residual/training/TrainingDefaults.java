package dev.residual.training;

import dev.residual.training.runner.Hyperparameters;
import dev.residual.training.runner.OptimizerKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fills a training request's unset fields when the job is submitted, with the defaults of {@link
 * Hyperparameters}, their one home.
 */
public final class TrainingDefaults {

  /**
   * The largest seed: 2^53 - 1, the largest integer a JavaScript number (and so the dashboard or
   * any JSON client that parses numbers as doubles) holds exactly, so that a seed read back and
   * resubmitted is the same seed.
   */
  public static final long MAX_SEED = (1L << 53) - 1;

  public static final int BATCH_SIZE = Hyperparameters.BATCH_SIZE;
  static final String OPTIMIZER = Hyperparameters.OPTIMIZER.wireName();
  static final int KEEP_CHECKPOINTS = 3;
  static final double LABEL_SMOOTHING = Hyperparameters.LABEL_SMOOTHING;
  static final String SCHEDULE = "one-cycle";
  static final double PCT_START = Hyperparameters.PCT_START;
  static final double DIV_FACTOR = Hyperparameters.DIV_FACTOR;
  static final double FINAL_DIV_FACTOR = Hyperparameters.FINAL_DIV_FACTOR;
  static final double MIXUP = Hyperparameters.MIXUP;
  static final int PADDING = Hyperparameters.PADDING;
  static final double MIN_SCALE = Hyperparameters.MIN_SCALE;

  private TrainingDefaults() {}

  /**
   * Fills every unset field; {@code nativeImageSize} is the dataset's own image side. With
   * progressive resizing the image size is the last step's.
   */
  static TrainingJobRequest apply(TrainingJobRequest r, int nativeImageSize) {
    int imageSize =
        r.imageSize() != null
            ? r.imageSize()
            : r.imageSizes() != null && !r.imageSizes().isEmpty()
                ? r.imageSizes().get(r.imageSizes().size() - 1).size()
                : nativeImageSize;
    String optimizer = r.optimizer() != null ? r.optimizer() : OPTIMIZER;
    int batchSize = r.batchSize() != null ? r.batchSize() : BATCH_SIZE;
    double lr = r.learningRate() != null ? r.learningRate() : learningRate(optimizer, batchSize);
    return new TrainingJobRequest(
        r.dataset(),
        r.architecture(),
        r.epochs(),
        batchSize,
        lr,
        optimizer,
        r.weightDecay() != null ? r.weightDecay() : weightDecay(optimizer),
        imageSize,
        r.seed() != null ? r.seed() : newSeed(),
        r.limitTrainBatches(),
        r.limitValidBatches(),
        r.keepCheckpoints() != null ? r.keepCheckpoints() : KEEP_CHECKPOINTS,
        r.labelSmoothing() != null ? r.labelSmoothing() : LABEL_SMOOTHING,
        r.schedule() != null ? r.schedule() : SCHEDULE,
        r.pctStart() != null ? r.pctStart() : PCT_START,
        r.divFactor() != null ? r.divFactor() : DIV_FACTOR,
        r.finalDivFactor() != null ? r.finalDivFactor() : FINAL_DIV_FACTOR,
        r.mixup() != null ? r.mixup() : MIXUP,
        augment(r.augment(), imageSize),
        r.imageSizes(),
        r.publishAs());
  }

  /** The default peak learning rate of {@code optimizer} at {@code batchSize}. */
  static double learningRate(String optimizer, int batchSize) {
    return switch (optimizer) {
      case "adamw" -> adamWLearningRate(batchSize);
      default -> Hyperparameters.learningRate(OptimizerKind.of(optimizer));
    };
  }

  /** The default decoupled weight decay of {@code optimizer}. */
  static double weightDecay(String optimizer) {
    return Hyperparameters.weightDecay(OptimizerKind.of(optimizer));
  }

  /**
   * AdamW's default peak learning rate for {@code batchSize}: {@link #ADAMW_LEARNING_RATE} × √
   * (batchSize / {@link #BATCH_SIZE}), to two significant digits (0.0028 at 256, 0.0014 at 64).
   */
  static double adamWLearningRate(int batchSize) {
    double lr = Hyperparameters.ADAMW_LEARNING_RATE * Math.sqrt(batchSize / (double) BATCH_SIZE);
    return new BigDecimal(lr).round(new MathContext(2)).doubleValue();
  }

  /** The augmentation with every field set; {@code crop: auto} resolved for {@code imageSize}. */
  static TrainingJobRequest.Augment augment(TrainingJobRequest.Augment a, int imageSize) {
    TrainingJobRequest.Augment given =
        a != null ? a : new TrainingJobRequest.Augment(null, null, null, null);
    String crop = given.crop() == null ? "auto" : given.crop();
    if ("auto".equals(crop)) {
      crop = imageSize > Hyperparameters.SMALL_IMAGE ? "random-resized" : "none";
    }
    return new TrainingJobRequest.Augment(
        given.flip() != null ? given.flip() : true,
        crop,
        given.padding() != null ? given.padding() : PADDING,
        given.minScale() != null ? given.minScale() : MIN_SCALE);
  }

  /** A seed for a request that gave none, within {@link #MAX_SEED}. */
  static long newSeed() {
    return ThreadLocalRandom.current().nextLong(0, MAX_SEED + 1);
  }
}

package dev.residual.training;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.ThreadLocalRandom;

/** The defaults of a training job, in one place, applied when the job is submitted. */
final class TrainingDefaults {

  /**
   * The largest seed: 2^53 - 1, the largest integer a JavaScript number (and so the dashboard or
   * any JSON client that parses numbers as doubles) holds exactly, so that a seed read back and
   * resubmitted is the same seed.
   */
  public static final long MAX_SEED = (1L << 53) - 1;


  static final int BATCH_SIZE = 128;

  /**
   * SGD with Nesterov momentum, as the PyTorch peer: on a CPU AdamW's update (about 33 memory-bound
   * passes over the parameters a step) costs 18% of a 128-image forward and backward pass, SGD's
   * 4%; after 5 epochs it reached 92.65-92.70% against AdamW's 92.25-92.56% (bench/README.md).
   */
  static final String OPTIMIZER = "nesterov";

  static final double NESTEROV_LEARNING_RATE = 0.2;

  /** AdamW's peak learning rate at {@link #BATCH_SIZE}; other batch sizes scale it by √ratio. */
  static final double ADAMW_LEARNING_RATE = 2e-3;

  /** The peak learning rate of SGD with heavy-ball momentum. */
  static final double SGD_LEARNING_RATE = 0.1;

  /** Decoupled: AdamW's (fastai's default). */
  static final double ADAMW_WEIGHT_DECAY = 0.01;

  /**
   * Decoupled, for both SGD variants: about the peer's coupled 5e-4, which momentum 0.9 amplifies
   * tenfold.
   */
  static final double SGD_WEIGHT_DECAY = 0.005;
  static final int KEEP_CHECKPOINTS = 3;
  static final double LABEL_SMOOTHING = 0.1;
  static final String SCHEDULE = "one-cycle";
  static final double PCT_START = 0.25;
  static final double DIV_FACTOR = 25;
  static final double FINAL_DIV_FACTOR = 1e5;
  static final double MIXUP = 0;
  static final int PADDING = 4;
  static final double MIN_SCALE = 0.35;
  /** Above this side {@code crop: auto} means a random-resized crop, up to it none. */
  static final int SMALL_IMAGE = 64;

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
      case "sgd" -> SGD_LEARNING_RATE;
      default -> NESTEROV_LEARNING_RATE;
    };
  }

  /** The default decoupled weight decay of {@code optimizer}. */
  static double weightDecay(String optimizer) {
    return "adamw".equals(optimizer) ? ADAMW_WEIGHT_DECAY : SGD_WEIGHT_DECAY;
  }

  /**
   * AdamW's default peak learning rate for {@code batchSize}: {@link #ADAMW_LEARNING_RATE} × √
   * (batchSize / {@link #BATCH_SIZE}), to two significant digits (0.0028 at 256, 0.0014 at 64).
   */
  static double adamWLearningRate(int batchSize) {
    double lr = ADAMW_LEARNING_RATE * Math.sqrt(batchSize / (double) BATCH_SIZE);
    return new BigDecimal(lr).round(new MathContext(2)).doubleValue();
  }

  /** The augmentation with every field set; {@code crop: auto} resolved for {@code imageSize}. */
  static TrainingJobRequest.Augment augment(TrainingJobRequest.Augment a, int imageSize) {
    TrainingJobRequest.Augment given =
        a != null ? a : new TrainingJobRequest.Augment(null, null, null, null);
    String crop = given.crop() == null ? "auto" : given.crop();
    if ("auto".equals(crop)) {
      crop = imageSize > SMALL_IMAGE ? "random-resized" : "none";
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

package dev.residual.training.runner;

/**
 * The one home of every training default and limit: {@link TrainingSettings.Builder}'s defaults,
 * the service's (its {@code TrainingDefaults} fills an incomplete request with these), the request
 * validation's bounds and the API descriptions built from them. README's tables are checked against
 * them ({@code ReadmeDefaultsTest}).
 *
 * <p>The decimal limits are strings because Bean Validation's {@code @DecimalMax} takes one; {@link
 * #max(String)} reads them for the settings' own checks.
 */
public final class Hyperparameters {

  private Hyperparameters() {}

  /** Images per batch. */
  public static final int BATCH_SIZE = 128;

  /**
   * SGD with Nesterov momentum, as the PyTorch peer: on a CPU AdamW's update (about 33 memory-bound
   * passes over the parameters a step) costs 18% of a 128-image forward and backward pass, SGD's
   * 4%; after 5 epochs it reached 92.65-92.70% against AdamW's 92.25-92.56% (bench/README.md).
   */
  public static final OptimizerKind OPTIMIZER = OptimizerKind.NESTEROV;

  /** The peak learning rate of SGD with Nesterov momentum. */
  public static final double NESTEROV_LEARNING_RATE = 0.2;

  /** AdamW's peak learning rate at {@link #BATCH_SIZE}; other batch sizes scale it by √ratio. */
  public static final double ADAMW_LEARNING_RATE = 2e-3;

  /** The peak learning rate of SGD with heavy-ball momentum. */
  public static final double SGD_LEARNING_RATE = 0.1;

  /** Decoupled: AdamW's (fastai's default). */
  public static final double ADAMW_WEIGHT_DECAY = 0.01;

  /**
   * Decoupled, for both SGD variants: about the peer's coupled 5e-4, which momentum 0.9 amplifies
   * tenfold.
   */
  public static final double SGD_WEIGHT_DECAY = 0.005;

  /** Label smoothing epsilon. */
  public static final double LABEL_SMOOTHING = 0.1;

  /** One-cycle: fraction of the steps spent warming up. */
  public static final double PCT_START = 0.25;

  /** One-cycle: the starting rate is the peak over this. */
  public static final double DIV_FACTOR = OneCycleSchedule.DIV;

  /** One-cycle and cosine: the final rate is the peak over this. */
  public static final double FINAL_DIV_FACTOR = OneCycleSchedule.DIV_FINAL;

  /** MixUp's alpha: off. */
  public static final double MIXUP = 0;

  /** Pad-and-crop: pixels of padding on each side. */
  public static final int PADDING = 4;

  /** Random-resized crop: smallest fraction of the area kept. */
  public static final double MIN_SCALE = 0.35;

  /** Above this side {@code crop: auto} means a random-resized crop, up to it none. */
  public static final int SMALL_IMAGE = 64;

  /** Most epochs a job may ask for. */
  public static final int MAX_EPOCHS = 1000;

  /** Largest batch. */
  public static final int MAX_BATCH_SIZE = 1024;

  /** Smallest image side trained on: the stem's three stride-2 steps need a few pixels. */
  public static final int MIN_IMAGE_SIZE = 8;

  /** Largest image side: 4 × Imagenette's 128 px, far beyond what a CPU trains in reason. */
  public static final int MAX_IMAGE_SIZE = 512;

  /** Largest peak learning rate. */
  public static final String MAX_LEARNING_RATE = "10";

  /** Largest decoupled weight decay. */
  public static final String MAX_WEIGHT_DECAY = "1";

  /** Largest label smoothing epsilon. */
  public static final String MAX_LABEL_SMOOTHING = "0.5";

  /** Largest one-cycle {@code divFactor}. */
  public static final String MAX_DIV_FACTOR = "1000000";

  /** Largest {@code finalDivFactor}. */
  public static final String MAX_FINAL_DIV_FACTOR = "1000000000";

  /** Largest MixUp alpha. */
  public static final String MAX_MIXUP = "10";

  /** The default peak learning rate of {@code optimizer} at {@link #BATCH_SIZE}. */
  public static double learningRate(OptimizerKind optimizer) {
    return switch (optimizer) {
      case ADAMW -> ADAMW_LEARNING_RATE;
      case SGD -> SGD_LEARNING_RATE;
      case NESTEROV -> NESTEROV_LEARNING_RATE;
    };
  }

  /** The default decoupled weight decay of {@code optimizer}. */
  public static double weightDecay(OptimizerKind optimizer) {
    return optimizer == OptimizerKind.ADAMW ? ADAMW_WEIGHT_DECAY : SGD_WEIGHT_DECAY;
  }

  /** A decimal limit as a number. */
  static double max(String limit) {
    return Double.parseDouble(limit);
  }
}

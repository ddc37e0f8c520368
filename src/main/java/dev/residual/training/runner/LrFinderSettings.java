package dev.residual.training.runner;

import java.util.Objects;

/**
 * Hyperparameters of one learning-rate sweep (fastai's {@code LRFinder}).
 *
 * <p>Iteration {@code i} of {@code n} (0-based) trains with {@code startLr · (endLr / startLr)^(i /
 * (n - 1))}, so the first batch sees exactly {@code startLr} and the last exactly {@code endLr}.
 * Momentum (Adam's beta1) stays at {@code momentum}, by default the high value of the one-cycle
 * schedule that training then uses. {@code imageSize} null keeps the stored size. The loss is the
 * training job's: cross-entropy with {@code labelSmoothing}.
 */
public record LrFinderSettings(
    double startLr,
    double endLr,
    int numIterations,
    int batchSize,
    OptimizerKind optimizer,
    double weightDecay,
    Integer imageSize,
    long seed,
    double momentum,
    double labelSmoothing) {

  /** One-cycle's highest momentum, held for the whole sweep. */
  public static final double DEFAULT_MOMENTUM = 0.95;

  /** fastai's floor: shorter sweeps say nothing. */
  public static final int MIN_ITERATIONS = 6;

  /** Rejects values that cannot sweep. */
  public LrFinderSettings {
    Objects.requireNonNull(optimizer, "optimizer");
    check(startLr > 0 && Double.isFinite(startLr), "startLr must be positive and finite");
    check(endLr > startLr && Double.isFinite(endLr), "endLr must be finite and above startLr");
    check(numIterations >= MIN_ITERATIONS, "numIterations must be at least " + MIN_ITERATIONS);
    check(
        batchSize >= 1 && batchSize <= Hyperparameters.MAX_BATCH_SIZE,
        "batchSize must be in 1.." + Hyperparameters.MAX_BATCH_SIZE);
    check(
        weightDecay >= 0 && weightDecay <= Hyperparameters.max(Hyperparameters.MAX_WEIGHT_DECAY),
        "weightDecay must be in [0, " + Hyperparameters.MAX_WEIGHT_DECAY + "]");
    check(
        imageSize == null
            || (imageSize >= Hyperparameters.MIN_IMAGE_SIZE
                && imageSize <= Hyperparameters.MAX_IMAGE_SIZE),
        "imageSize must be in "
            + Hyperparameters.MIN_IMAGE_SIZE
            + ".."
            + Hyperparameters.MAX_IMAGE_SIZE);
    check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)");
    check(
        labelSmoothing >= 0
            && labelSmoothing <= Hyperparameters.max(Hyperparameters.MAX_LABEL_SMOOTHING),
        "labelSmoothing must be in [0, " + Hyperparameters.MAX_LABEL_SMOOTHING + "]");
  }

  /** The learning rate of iteration {@code i} (0-based). */
  public double learningRate(int i) {
    return startLr * Math.pow(endLr / startLr, (double) i / (numIterations - 1));
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

package dev.residual.training.runner;

import java.util.Objects;

/**
 * Hyperparameters of one training run.
 *
 * <p>{@code learningRate} is the maximum rate of the schedule. {@code weightDecay} is decoupled
 * (AdamW-style) for both optimizers and, as fastai's {@code wd_bn_bias=False}, applies to weights
 * only, not to BatchNorm or bias parameters. {@code imageSize} null keeps the stored size, any
 * other value resizes square with bilinear interpolation on the engine. {@code limitTrainBatches}
 * and {@code limitValidBatches} null mean every batch. {@code momentum} is used by the constant
 * schedule only; one-cycle moves momentum from 0.95 to 0.85 and back. Use {@link #builder()} for
 * fastai's defaults.
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    double learningRate,
    OptimizerKind optimizer,
    double weightDecay,
    Integer imageSize,
    long seed,
    Integer limitTrainBatches,
    Integer limitValidBatches,
    ScheduleKind schedule,
    double pctStart,
    double momentum,
    double labelSmoothing) {

  /** Largest accepted image side: 4 × Imagenette's full size, far beyond what a CPU trains. */
  public static final int MAX_IMAGE_SIZE = 1024;

  /** Rejects values that cannot train (non-positive sizes, NaN, out-of-range fractions). */
  public TrainingSettings {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    check(epochs >= 1 && epochs <= 100_000, "epochs must be in 1..100000");
    check(batchSize >= 1 && batchSize <= 65_536, "batchSize must be in 1..65536");
    check(learningRate > 0 && learningRate <= 100, "learningRate must be in (0, 100]");
    check(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1)");
    check(
        imageSize == null || (imageSize >= 1 && imageSize <= MAX_IMAGE_SIZE),
        "imageSize must be in 1.." + MAX_IMAGE_SIZE);
    check(limitTrainBatches == null || limitTrainBatches >= 1, "limitTrainBatches must be >= 1");
    check(limitValidBatches == null || limitValidBatches >= 0, "limitValidBatches must be >= 0");
    check(pctStart > 0 && pctStart < 1, "pctStart must be in (0, 1)");
    check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)");
    check(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing must be in [0, 1)");
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A builder with fastai's defaults; only the learning rate and epochs have none. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TrainingSettings}: {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private Integer epochs;
    private Double learningRate;
    private int batchSize = 64;
    private OptimizerKind optimizer = OptimizerKind.SGD;
    private Double weightDecay;
    private Integer imageSize;
    private long seed = 42;
    private Integer limitTrainBatches;
    private Integer limitValidBatches;
    private ScheduleKind schedule = ScheduleKind.ONE_CYCLE;
    private double pctStart = 0.25;
    private double momentum = 0.9;
    private double labelSmoothing;

    private Builder() {}

    public Builder setEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder setLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optOptimizer(OptimizerKind optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Defaults to fastai's: 0.01 for AdamW, 0 for SGD. */
    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optImageSize(Integer imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optLimitTrainBatches(Integer limitTrainBatches) {
      this.limitTrainBatches = limitTrainBatches;
      return this;
    }

    public Builder optLimitValidBatches(Integer limitValidBatches) {
      this.limitValidBatches = limitValidBatches;
      return this;
    }

    public Builder optSchedule(ScheduleKind schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder optPctStart(double pctStart) {
      this.pctStart = pctStart;
      return this;
    }

    public Builder optMomentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder optLabelSmoothing(double labelSmoothing) {
      this.labelSmoothing = labelSmoothing;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the first problem. */
    public TrainingSettings build() {
      check(epochs != null, "epochs is required");
      check(learningRate != null, "learningRate is required");
      Objects.requireNonNull(optimizer, "optimizer");
      double wd = weightDecay != null ? weightDecay : optimizer == OptimizerKind.ADAMW ? 0.01 : 0;
      return new TrainingSettings(
          epochs,
          batchSize,
          learningRate,
          optimizer,
          wd,
          imageSize,
          seed,
          limitTrainBatches,
          limitValidBatches,
          schedule,
          pctStart,
          momentum,
          labelSmoothing);
    }
  }
}

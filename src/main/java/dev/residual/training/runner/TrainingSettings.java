package dev.residual.training.runner;

import java.util.List;
import java.util.Objects;

/**
 * Hyperparameters of one training run.
 *
 * <p>{@code learningRate} is the maximum rate of the schedule. {@code weightDecay} is decoupled
 * (AdamW-style) for both optimizers and, as fastai's {@code wd_bn_bias=False}, applies to weights
 * only, not to BatchNorm or bias parameters. {@code imageSize} null keeps the stored size, any
 * other value resizes square with the image pipeline's filter. {@code limitTrainBatches} and {@code
 * limitValidBatches} null mean every batch. {@code momentum} is used by the constant and cosine
 * schedules only; one-cycle moves momentum from 0.95 to 0.85 and back. {@code divFactor} and {@code
 * finalDivFactor} set one-cycle's starting and final rates (maximum over each; cosine uses the
 * final one). {@code mixupAlpha} 0 turns MixUp off. {@code imageSizes}, when not empty, overrides
 * {@code imageSize} epoch by epoch (progressive resizing). Use {@link #builder()} for the service's
 * defaults; defaults and limits live in {@link Hyperparameters}.
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
    double labelSmoothing,
    double divFactor,
    double finalDivFactor,
    double mixupAlpha,
    Augmentation augmentation,
    List<ImageSizeStep> imageSizes) {

  /** Rejects values that cannot train (non-positive sizes, NaN, out-of-range fractions). */
  public TrainingSettings {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    check(
        epochs >= 1 && epochs <= Hyperparameters.MAX_EPOCHS,
        "epochs must be in 1.." + Hyperparameters.MAX_EPOCHS);
    check(
        batchSize >= 1 && batchSize <= Hyperparameters.MAX_BATCH_SIZE,
        "batchSize must be in 1.." + Hyperparameters.MAX_BATCH_SIZE);
    check(
        learningRate > 0 && learningRate <= Hyperparameters.max(Hyperparameters.MAX_LEARNING_RATE),
        "learningRate must be in (0, " + Hyperparameters.MAX_LEARNING_RATE + "]");
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
    check(limitTrainBatches == null || limitTrainBatches >= 1, "limitTrainBatches must be >= 1");
    check(limitValidBatches == null || limitValidBatches >= 0, "limitValidBatches must be >= 0");
    check(pctStart > 0 && pctStart < 1, "pctStart must be in (0, 1)");
    check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)");
    check(
        labelSmoothing >= 0
            && labelSmoothing <= Hyperparameters.max(Hyperparameters.MAX_LABEL_SMOOTHING),
        "labelSmoothing must be in [0, " + Hyperparameters.MAX_LABEL_SMOOTHING + "]");
    check(
        divFactor >= 1 && divFactor <= Hyperparameters.max(Hyperparameters.MAX_DIV_FACTOR),
        "divFactor must be in [1, " + Hyperparameters.MAX_DIV_FACTOR + "]");
    check(
        finalDivFactor >= 1
            && finalDivFactor <= Hyperparameters.max(Hyperparameters.MAX_FINAL_DIV_FACTOR),
        "finalDivFactor must be in [1, " + Hyperparameters.MAX_FINAL_DIV_FACTOR + "]");
    check(
        mixupAlpha >= 0 && mixupAlpha <= Hyperparameters.max(Hyperparameters.MAX_MIXUP),
        "mixupAlpha must be in [0, " + Hyperparameters.MAX_MIXUP + "]");
    Objects.requireNonNull(augmentation, "augmentation");
    imageSizes = List.copyOf(Objects.requireNonNull(imageSizes, "imageSizes"));
    for (int i = 0; i < imageSizes.size(); i++) {
      check(
          i == 0
              ? imageSizes.get(0).fromEpoch() == 0
              : imageSizes.get(i).fromEpoch() > imageSizes.get(i - 1).fromEpoch(),
          "imageSizes must start at epoch 0 with strictly increasing epochs");
    }
  }

  /**
   * The image side for epoch {@code epoch} (0-based): that of the last {@link ImageSizeStep} that
   * has started, else {@link #imageSize()} (null: the stored size).
   */
  public Integer imageSizeAt(int epoch) {
    Integer size = imageSize;
    for (ImageSizeStep step : imageSizes) {
      if (step.fromEpoch() <= epoch) {
        size = step.size();
      }
    }
    return size;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A builder with the defaults of {@link Hyperparameters}; epochs and learning rate have none. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TrainingSettings}: {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private Integer epochs;
    private Double learningRate;
    private int batchSize = Hyperparameters.BATCH_SIZE;
    private OptimizerKind optimizer = Hyperparameters.OPTIMIZER;
    private Double weightDecay;
    private Integer imageSize;
    private long seed = 42;
    private Integer limitTrainBatches;
    private Integer limitValidBatches;
    private ScheduleKind schedule = ScheduleKind.ONE_CYCLE;
    private double pctStart = Hyperparameters.PCT_START;
    private double momentum = 0.9;
    private double labelSmoothing = Hyperparameters.LABEL_SMOOTHING;
    private double divFactor = Hyperparameters.DIV_FACTOR;
    private double finalDivFactor = Hyperparameters.FINAL_DIV_FACTOR;
    private double mixupAlpha = Hyperparameters.MIXUP;
    private Augmentation augmentation = Augmentation.NONE;
    private List<ImageSizeStep> imageSizes = List.of();

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

    public Builder optDivFactor(double divFactor) {
      this.divFactor = divFactor;
      return this;
    }

    public Builder optFinalDivFactor(double finalDivFactor) {
      this.finalDivFactor = finalDivFactor;
      return this;
    }

    /** MixUp's Beta(alpha, alpha) parameter; 0 (the default) turns it off. */
    public Builder optMixup(double alpha) {
      this.mixupAlpha = alpha;
      return this;
    }

    public Builder optAugmentation(Augmentation augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    /** Progressive resizing: the steps must start at epoch 0. */
    public Builder optImageSizes(List<ImageSizeStep> imageSizes) {
      this.imageSizes = imageSizes;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the first problem. */
    public TrainingSettings build() {
      check(epochs != null, "epochs is required");
      check(learningRate != null, "learningRate is required");
      Objects.requireNonNull(optimizer, "optimizer");
      double wd = weightDecay != null ? weightDecay : Hyperparameters.weightDecay(optimizer);
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
          labelSmoothing,
          divFactor,
          finalDivFactor,
          mixupAlpha,
          augmentation,
          imageSizes);
    }
  }
}

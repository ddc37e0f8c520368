package dev.residual.training;

import java.util.concurrent.ThreadLocalRandom;

/** The defaults of a training job, in one place, applied when the job is submitted. */
final class TrainingDefaults {

  static final int BATCH_SIZE = 128;
  static final String OPTIMIZER = "adamw";
  static final double ADAMW_LEARNING_RATE = 2e-3;
  static final double SGD_LEARNING_RATE = 0.1;
  static final double WEIGHT_DECAY = 0.01;
  static final int KEEP_CHECKPOINTS = 3;
  static final double LABEL_SMOOTHING = 0.0;

  private TrainingDefaults() {}

  /** Fills every unset field; {@code nativeImageSize} is the dataset's own image side. */
  static TrainingJobRequest apply(TrainingJobRequest r, int nativeImageSize) {
    String optimizer = r.optimizer() != null ? r.optimizer() : OPTIMIZER;
    double lr =
        r.learningRate() != null
            ? r.learningRate()
            : "sgd".equals(optimizer) ? SGD_LEARNING_RATE : ADAMW_LEARNING_RATE;
    return new TrainingJobRequest(
        r.dataset(),
        r.architecture(),
        r.epochs(),
        r.batchSize() != null ? r.batchSize() : BATCH_SIZE,
        lr,
        optimizer,
        r.weightDecay() != null ? r.weightDecay() : WEIGHT_DECAY,
        r.imageSize() != null ? r.imageSize() : nativeImageSize,
        r.seed() != null ? r.seed() : ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE),
        r.limitTrainBatches(),
        r.limitValidBatches(),
        r.keepCheckpoints() != null ? r.keepCheckpoints() : KEEP_CHECKPOINTS,
        r.labelSmoothing() != null ? r.labelSmoothing() : LABEL_SMOOTHING,
        r.publishAs());
  }
}

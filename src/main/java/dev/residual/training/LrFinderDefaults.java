package dev.residual.training;

/** The defaults of an LR-finder job (fastai's {@code lr_find}), applied when it is submitted. */
final class LrFinderDefaults {

  static final double START_LR = 1e-7;
  static final double END_LR = 10;
  static final int NUM_ITERATIONS = 100;

  private LrFinderDefaults() {}

  /** Fills every unset field; {@code nativeImageSize} is the dataset's own image side. */
  static LrFinderRequest apply(LrFinderRequest r, int nativeImageSize) {
    int imageSize = r.imageSize() != null ? r.imageSize() : nativeImageSize;
    String optimizer = r.optimizer() != null ? r.optimizer() : TrainingDefaults.OPTIMIZER;
    return new LrFinderRequest(
        r.dataset(),
        r.architecture(),
        r.batchSize() != null ? r.batchSize() : TrainingDefaults.BATCH_SIZE,
        r.startLr() != null ? r.startLr() : START_LR,
        r.endLr() != null ? r.endLr() : END_LR,
        r.numIterations() != null ? r.numIterations() : NUM_ITERATIONS,
        optimizer,
        r.weightDecay() != null ? r.weightDecay() : TrainingDefaults.weightDecay(optimizer),
        r.seed() != null ? r.seed() : TrainingDefaults.newSeed(),
        imageSize,
        r.labelSmoothing() != null ? r.labelSmoothing() : TrainingDefaults.LABEL_SMOOTHING);
  }
}

package dev.residual.training.runner;

/**
 * One step of progressive resizing: from epoch {@code fromEpoch} (0-based) on, train and validate
 * on square images of side {@code size}.
 */
public record ImageSizeStep(int fromEpoch, int size) {

  public ImageSizeStep {
    if (fromEpoch < 0) {
      throw new IllegalArgumentException("fromEpoch must be >= 0");
    }
    if (size < Hyperparameters.MIN_IMAGE_SIZE || size > Hyperparameters.MAX_IMAGE_SIZE) {
      throw new IllegalArgumentException(
          "size must be in "
              + Hyperparameters.MIN_IMAGE_SIZE
              + ".."
              + Hyperparameters.MAX_IMAGE_SIZE);
    }
  }
}

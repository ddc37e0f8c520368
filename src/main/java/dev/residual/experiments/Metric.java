package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonValue;

/** The metrics an experiment reports per job and aggregates per variant. */
public enum Metric {
  /** Validation top-1 of the epoch with the best validation top-1. */
  BEST_TOP1("bestTop1"),
  /** Validation top-5 of that epoch. */
  BEST_TOP5("bestTop5"),
  /** Validation top-1 after the last epoch. */
  LAST_TOP1("lastTop1"),
  /** Validation top-5 after the last epoch. */
  LAST_TOP5("lastTop5"),
  /** Mean training loss of the last epoch. */
  LAST_TRAIN_LOSS("lastTrainLoss"),
  /** Validation loss after the last epoch (label-smoothed when the job smooths labels). */
  LAST_VALID_LOSS("lastValidLoss"),
  /** Wall time from the job's start to its end. */
  SECONDS("seconds"),
  /** Training throughput of the last epoch. */
  IMAGES_PER_SECOND("imagesPerSecond"),
  /** Trainable parameters of the network. */
  PARAMETERS("parameters"),
  /** Multiply-accumulates of one forward pass of one image at the final training size. */
  MULTIPLY_ACCUMULATES("multiplyAccumulates"),
  /** Top-1 of the best checkpoint on the validation images at the second input size. */
  SECOND_SIZE_TOP1("secondSizeTop1");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  @JsonValue
  public String key() {
    return key;
  }
}

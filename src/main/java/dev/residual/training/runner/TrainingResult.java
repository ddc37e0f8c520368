package dev.residual.training.runner;

import java.util.List;

/**
 * What a run did.
 *
 * @param outcome how it ended
 * @param epochsCompleted epochs finished in total, those of a resumed state included
 * @param steps optimizer steps taken in total, those of a resumed state included
 * @param epochs results of the epochs this run finished, in order
 * @param seconds wall time of this run
 */
public record TrainingResult(
    TrainingOutcome outcome,
    int epochsCompleted,
    long steps,
    List<EpochResult> epochs,
    double seconds) {

  public TrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** The last finished epoch's result, or null when none finished. */
  public EpochResult lastEpoch() {
    return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
  }
}

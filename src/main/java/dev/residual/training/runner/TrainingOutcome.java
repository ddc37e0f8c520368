package dev.residual.training.runner;

/** How a run ended. */
public enum TrainingOutcome {
  /** Every requested epoch was trained. */
  COMPLETED,
  /** The cancellation signal was seen; the run stopped before its next batch. */
  CANCELLED,
  /** A training loss was NaN or infinite (learning rate too high?); the run stopped there. */
  DIVERGED
}

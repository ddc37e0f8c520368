package dev.residual.training.runner;

/**
 * Receives a run's progress, on the training thread: keep the work short or hand it off.
 *
 * <p>{@link #onBatch} fires after every training batch (throttle it yourself if it feeds a UI);
 * {@link #onEpoch} after each epoch's validation; {@link #onCheckpoint} right after with a
 * self-contained snapshot to save. An exception thrown here ends the run with that exception.
 */
public interface TrainingListener {

  /** After every training batch. */
  default void onBatch(BatchProgress progress) {}

  /** After every finished epoch, validation included. */
  default void onEpoch(EpochResult result) {}

  /**
   * After every finished epoch, with a snapshot that stays valid after this call returns (it holds
   * bytes, not live arrays), so it may be written on another thread.
   */
  default void onCheckpoint(TrainingState state) {}
}

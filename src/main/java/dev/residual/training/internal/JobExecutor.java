package dev.residual.training.internal;

import dev.residual.training.TrainingJobSucceeded;
import org.jspecify.annotations.Nullable;

/** Runs one claimed job to its end; the queue records the outcome. */
public interface JobExecutor {

  /**
   * Runs the job, resuming from its latest checkpoint if it has one. Returns how it ended; a thrown
   * exception fails the job with its message.
   */
  Outcome execute(JobRow job, JobControl control) throws Exception;

  /**
   * How a run ended.
   *
   * @param completed whether the run did all it was asked (false: it stopped early)
   * @param summary a record the {@code done} event reports after the status, or null
   * @param success announced once the job is recorded as succeeded, or null
   */
  record Outcome(
      boolean completed, @Nullable Object summary, @Nullable TrainingJobSucceeded success) {

    Outcome(boolean completed, @Nullable Object summary) {
      this(completed, summary, null);
    }
  }
}

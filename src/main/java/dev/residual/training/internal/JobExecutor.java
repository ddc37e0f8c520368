package dev.residual.training.internal;

import java.util.Map;

/** Runs one claimed job to its end; the queue records the outcome. */
public interface JobExecutor {

  /**
   * Runs the job, resuming from its latest checkpoint if it has one. Returns how it ended; a thrown
   * exception fails the job with its message.
   */
  Outcome execute(JobRow job, JobControl control) throws Exception;

  /** How a run ended, with the metrics the {@code done} event reports. */
  record Outcome(boolean completed, Map<String, Object> summary) {}
}

package dev.residual.experiments;

import dev.residual.training.JobStatus;
import java.util.Collection;

/** Where an experiment stands, from the statuses of its jobs. */
public enum ExperimentStatus {
  /** No job has started yet. */
  QUEUED,
  /** Some job is running or still queued while others have ended. */
  RUNNING,
  /** Every job succeeded. */
  SUCCEEDED,
  /** Every job ended and at least one failed. */
  FAILED,
  /** Every job ended, none failed, and at least one was cancelled. */
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The experiment's status given its jobs'. */
  public static ExperimentStatus of(Collection<JobStatus> jobs) {
    if (jobs.contains(JobStatus.RUNNING)) {
      return RUNNING;
    }
    if (jobs.contains(JobStatus.QUEUED)) {
      return jobs.stream().allMatch(s -> s == JobStatus.QUEUED) ? QUEUED : RUNNING;
    }
    if (jobs.stream().allMatch(s -> s == JobStatus.SUCCEEDED)) {
      return SUCCEEDED;
    }
    return jobs.contains(JobStatus.FAILED) ? FAILED : CANCELLED;
  }
}

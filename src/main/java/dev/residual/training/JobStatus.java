package dev.residual.training;

/**
 * Where a training job is in its life: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}.
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}

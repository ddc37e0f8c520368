package dev.residual.training.internal;

/**
 * What a running job asks between batches: should it stop, and why. Set by a cancel request, by a
 * graceful shutdown, or by the heartbeat when this instance lost the job's lease.
 */
public final class JobControl {

  /** Why a job was asked to stop. */
  public enum StopReason {
    NONE,
    CANCELLED,
    SHUTDOWN,
    LEASE_LOST
  }

  private volatile StopReason reason = StopReason.NONE;

  public boolean shouldStop() {
    return reason != StopReason.NONE;
  }

  public StopReason reason() {
    return reason;
  }

  void stop(StopReason why) {
    if (reason == StopReason.NONE) {
      reason = why;
    }
  }
}

package dev.residual.streaming;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open stream of one job. {@link #lastSentId()} is written only by the pump thread; it is
 * volatile because the registry is read from request and container threads too.
 */
final class Subscriber {

  private final String jobId;
  private final EventSink sink;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastSentId;
  private boolean terminalSeen;

  Subscriber(String jobId, long lastEventId, EventSink sink) {
    this.jobId = jobId;
    this.lastSentId = lastEventId;
    this.sink = sink;
  }

  String jobId() {
    return jobId;
  }

  EventSink sink() {
    return sink;
  }

  long lastSentId() {
    return lastSentId;
  }

  void sent(long eventId) {
    lastSentId = eventId;
  }

  /**
   * Records that the pump found the job terminal with nothing left to send; pump thread only.
   *
   * @return whether it had found so before
   */
  boolean sawTerminalStatus() {
    boolean before = terminalSeen;
    terminalSeen = true;
    return before;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Marks the stream closed; true only for the first caller, so it is counted out exactly once. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }
}

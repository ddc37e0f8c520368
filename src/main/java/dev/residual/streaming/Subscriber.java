package dev.residual.streaming;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's open stream of one topic. {@link #lastSentId()} is written only by the pump thread;
 * it is volatile because the registry is read from request and container threads too.
 */
final class Subscriber {

  private final Topic topic;
  private final String client;
  private final EventSink sink;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean writing = new AtomicBoolean();
  private volatile long lastSentId;
  private boolean terminalSeen;

  Subscriber(Topic topic, long lastEventId, EventSink sink) {
    this(topic, lastEventId, sink, "");
  }

  /** {@code client} is who opened the stream (its address), for the per-client limit. */
  Subscriber(Topic topic, long lastEventId, EventSink sink, String client) {
    this.topic = topic;
    this.client = client;
    this.lastSentId = lastEventId;
    this.sink = sink;
  }

  Topic topic() {
    return topic;
  }

  String client() {
    return client;
  }

  /**
   * Claims the stream for one write; false while an earlier write is still under way (a client that
   * reads slowly or not at all), so that it is skipped instead of waited for.
   */
  boolean tryBeginWrite() {
    return writing.compareAndSet(false, true);
  }

  void endWrite() {
    writing.set(false);
  }

  boolean isWriting() {
    return writing.get();
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
   * Records that the pump found the stream ended with nothing left to send; pump thread only.
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

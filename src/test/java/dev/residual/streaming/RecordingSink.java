package dev.residual.streaming;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that remembers what it got and can play a client that has gone away. The pump writes to it
 * from its writer threads while the test reads it, so its state is safe to share.
 */
final class RecordingSink implements EventSink {

  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicInteger completions = new AtomicInteger();
  private volatile RuntimeException completedFailure;
  private volatile boolean gone;

  /** From now on every write fails the way a closed connection does. */
  void disconnect() {
    gone = true;
  }

  /** From now on every write fails the way an already completed SseEmitter does. */
  void completeElsewhere() {
    completedFailure = new IllegalStateException("ResponseBodyEmitter has already completed");
  }

  @Override
  public void send(StreamEvent event) throws IOException {
    check();
    events.add(event);
  }

  @Override
  public void heartbeat() throws IOException {
    check();
    heartbeats.incrementAndGet();
  }

  @Override
  public void complete() {
    completions.incrementAndGet();
  }

  private void check() throws IOException {
    if (gone) {
      throw new IOException("Broken pipe");
    }
    if (completedFailure != null) {
      throw completedFailure;
    }
  }

  List<Long> ids() {
    return events.stream().map(StreamEvent::id).toList();
  }

  List<String> types() {
    return events.stream().map(StreamEvent::type).toList();
  }

  int heartbeats() {
    return heartbeats.get();
  }

  int completions() {
    return completions.get();
  }
}

package dev.residual.streaming;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A sink that remembers what it got and can play a client that has gone away. */
final class RecordingSink implements EventSink {

  private final List<StreamEvent> events = new ArrayList<>();
  private int heartbeats;
  private int completions;
  private RuntimeException completedFailure;
  private boolean gone;

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
    heartbeats++;
  }

  @Override
  public void complete() {
    completions++;
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
    return heartbeats;
  }

  int completions() {
    return completions;
  }
}

package dev.residual.streaming;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Moves a feed's events to subscribers. It has no thread of its own: {@link EventStreams} calls it
 * from a single pump thread, and the writes themselves run on {@code writers}, one at a time per
 * subscriber. A client that reads slowly or not at all blocks only its own write: while that is
 * under way the stream is skipped, and it catches up from its last event id once the write ends (or
 * is dropped when the write fails).
 *
 * <p>Per topic, one query serves all subscribers: it reads after the smallest id any of them has
 * seen, and each subscriber gets only the events after its own last one.
 */
final class EventPump {

  private final StreamRegistry registry;
  private final int pageSize;
  private final Executor writers;

  /** Writes on the calling thread. */
  EventPump(StreamRegistry registry, int pageSize) {
    this(registry, pageSize, Runnable::run);
  }

  EventPump(StreamRegistry registry, int pageSize, Executor writers) {
    this.registry = registry;
    this.pageSize = pageSize;
    this.writers = writers;
  }

  /**
   * Delivers one page of the topic's new events.
   *
   * @return true if the page was full, so more events are probably waiting
   */
  boolean pump(Topic topic) {
    List<Subscriber> subscribers = registry.subscribers(topic);
    if (subscribers.isEmpty()) {
      return false;
    }
    // The state is read before the events: anything the stream got before it ended is then in the
    // page below, so an ended stream plus a short page, twice, means nothing is left.
    EventFeed feed = topic.feed();
    Optional<EventFeed.State> state = feed.state(topic.key());
    long from = subscribers.stream().mapToLong(Subscriber::lastSentId).min().orElseThrow();
    List<StreamEvent> page = feed.eventsAfter(topic.key(), from, pageSize);
    for (Subscriber subscriber : subscribers) {
      write(subscriber, () -> deliver(feed, subscriber, page));
    }
    boolean more = page.size() >= pageSize;
    if (!more) {
      if (state.isEmpty()) {
        // A stream that was deleted will never get events again.
        subscribers.forEach(this::finish);
      } else if (state.get() == EventFeed.State.ENDED) {
        subscribers.forEach(this::finishOnSecondSighting);
      }
    }
    return more;
  }

  /** Sends a heartbeat comment to every open stream, dropping the ones whose client is gone. */
  void heartbeat() {
    for (Subscriber subscriber : registry.all()) {
      write(
          subscriber,
          () -> {
            try {
              subscriber.sink().heartbeat();
            } catch (IOException | IllegalStateException e) {
              drop(subscriber);
            }
          });
    }
  }

  /** Runs {@code task} on a writer unless the subscriber is closed or still busy with a write. */
  private void write(Subscriber subscriber, Runnable task) {
    if (subscriber.isClosed() || !subscriber.tryBeginWrite()) {
      return;
    }
    try {
      writers.execute(
          () -> {
            try {
              task.run();
            } finally {
              subscriber.endWrite();
            }
          });
    } catch (RejectedExecutionException e) {
      subscriber.endWrite();
    }
  }

  /** Completes every stream normally; clients reconnect with Last-Event-ID elsewhere or later. */
  void completeAll() {
    registry.all().forEach(this::finish);
  }

  private void deliver(EventFeed feed, Subscriber subscriber, List<StreamEvent> page) {
    for (StreamEvent event : page) {
      if (subscriber.isClosed()) {
        return;
      }
      if (event.id() <= subscriber.lastSentId()) {
        continue;
      }
      try {
        subscriber.sink().send(event);
      } catch (IOException | IllegalStateException e) {
        drop(subscriber);
        return;
      }
      subscriber.sent(event.id());
      if (feed.isLast(event)) {
        finish(subscriber);
        return;
      }
    }
  }

  /**
   * A feed usually appends its last event (a job's {@code done}) together with ending, so a stream
   * still open here has usually seen everything (e.g. a client that resumed after {@code done}). It
   * is completed on the next pass that again finds nothing, not this one: a database may show the
   * status row a moment before the event rows of the same commit, and ending now would lose the
   * last event.
   */
  private void finishOnSecondSighting(Subscriber subscriber) {
    if (!subscriber.isClosed() && !subscriber.isWriting() && subscriber.sawTerminalStatus()) {
      finish(subscriber);
    }
  }

  private void finish(Subscriber subscriber) {
    if (registry.remove(subscriber)) {
      // On a writer too: completing waits for a write still under way.
      try {
        writers.execute(subscriber.sink()::complete);
      } catch (RejectedExecutionException e) {
        subscriber.sink().complete();
      }
    }
  }

  /**
   * An IOException means the client went away; an IllegalStateException means the emitter was
   * already completed (a timeout on a container thread). Either way the servlet container reports
   * the failure itself, so the stream is only forgotten here, not completed with an error.
   */
  private void drop(Subscriber subscriber) {
    registry.remove(subscriber);
  }
}

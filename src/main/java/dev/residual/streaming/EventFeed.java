package dev.residual.streaming;

import java.util.List;
import java.util.Optional;

/**
 * A source of event streams, implemented by the module that owns the events (training jobs,
 * experiments, dataset downloads). A feed is a set of streams, each named by a key (a job id, a
 * dataset name); {@link EventStreams} reads it only through this interface, on its pump thread.
 */
public interface EventFeed {

  /** Whether a stream may still get events. */
  enum State {
    /** More events may come. */
    OPEN,
    /** No more events come: everything the stream will ever have is readable now. */
    ENDED
  }

  /** The feed's unique name, as {@link StreamAppended#feed()} carries it. */
  String name();

  /** What a 404 calls a key with no stream, e.g. {@code Training job}. */
  String subject();

  /**
   * The stream's state, or empty if there is no such stream (never was, or was deleted). It is read
   * before {@link #eventsAfter}: an ended stream must then return every event it will ever have.
   */
  Optional<State> state(String key);

  /** Up to {@code limit} events of the stream with an id greater than {@code afterId}, by id. */
  List<StreamEvent> eventsAfter(String key, long afterId, int limit);

  /** Whether the event is the stream's last one, after which it is completed. */
  default boolean isLast(StreamEvent event) {
    return "done".equals(event.type());
  }
}

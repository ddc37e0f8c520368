package dev.residual.streaming;

import java.io.IOException;

/**
 * Where one subscriber's events go: an {@code SseEmitter} in production, a list in tests. Only the
 * pump thread writes to a sink, so implementations need no locking of their own.
 */
interface EventSink {

  /** Writes one event; an {@link IOException} means the client is gone. */
  void send(StreamEvent event) throws IOException;

  /** Writes a comment line that keeps intermediaries from closing an idle connection. */
  void heartbeat() throws IOException;

  /** Ends the stream normally: the stream has ended and the client has seen everything. */
  void complete();
}

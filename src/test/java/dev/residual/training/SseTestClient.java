package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream line by line on its own thread and parses it the way the
 * EventSource specification does, so that tests see exactly what a browser would.
 */
final class SseTestClient implements AutoCloseable {

  /** Something that arrived on the stream. */
  interface Frame {}

  record Event(String id, String type, String data) implements Frame {}

  record Comment(String text) implements Frame {}

  record End() implements Frame {}

  /** A line that is no SSE field: the server broke the protocol. */
  record Malformed(String line) implements Frame {}

  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final HttpResponse<Stream<String>> response;
  private final Thread reader;

  private SseTestClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  static SseTestClient connect(HttpClient http, URI uri, String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseTestClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<Stream<String>> response() {
    return response;
  }

  /** The next event, skipping comments; fails if the stream ends or nothing comes in time. */
  Event nextEvent(Duration timeout) {
    Frame frame = nextNonComment(timeout);
    if (frame instanceof Event event) {
      return event;
    }
    return fail("Expected an event but got " + frame);
  }

  /** Fails unless the server ends the stream, with no further event, within the timeout. */
  void awaitEnd(Duration timeout) {
    assertThat(nextNonComment(timeout)).isInstanceOf(End.class);
  }

  @Override
  public void close() {
    reader.interrupt();
    response.body().close();
  }

  private Frame nextNonComment(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (!(frame instanceof Comment)) {
        return frame;
      }
    }
  }

  private Frame poll(Duration timeout) {
    try {
      Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return frame != null ? frame : fail("Nothing arrived on the stream within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("Interrupted");
    }
  }

  private void read() {
    String id = null;
    String type = null;
    StringBuilder data = null;
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data != null) {
            frames.add(new Event(id, type, data.toString()));
          }
          id = null;
          type = null;
          data = null;
        } else if (line.startsWith(":")) {
          frames.add(new Comment(line.substring(1)));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> frames.add(new Malformed(line));
          }
        }
      }
    } catch (UncheckedIOException e) {
      // The test closed the connection; nobody reads further frames.
    }
    frames.add(new End());
  }
}

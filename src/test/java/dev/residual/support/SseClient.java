package dev.residual.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads a {@code text/event-stream} to its end (or a deadline), as {@code curl -N} would. */
public final class SseClient {

  /** One received event. */
  public record Event(long id, String type, String data) {}

  private SseClient() {}

  public static List<Event> readAll(HttpClient client, URI uri, Long lastEventId, Duration timeout)
      throws IOException, InterruptedException {
    return readAll(client, uri, lastEventId, timeout, event -> {});
  }

  /** As {@link #readAll(HttpClient, URI, Long, Duration)}, telling {@code onEvent} of each. */
  public static List<Event> readAll(
      HttpClient client, URI uri, Long lastEventId, Duration timeout, Consumer<Event> onEvent)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(timeout);
    if (lastEventId != null) {
      request.header("Last-Event-ID", Long.toString(lastEventId));
    }
    HttpResponse<InputStream> response =
        client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("SSE answered " + response.statusCode());
    }
    List<Event> events = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      long id = -1;
      String type = "message";
      StringBuilder data = new StringBuilder();
      while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            Event event = new Event(id, type, data.toString());
            events.add(event);
            onEvent.accept(event);
          }
          id = -1;
          type = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = Long.parseLong(line.substring(3).trim());
        } else if (line.startsWith("event:")) {
          type = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).trim());
        }
      }
    }
    return events;
  }
}

package dev.residual.datasets.download;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One dataset download as its subscribers see it: a numbered list of events (kept, so that a client
 * that connects late or reconnects with {@code Last-Event-ID} misses nothing) and the emitters
 * following it. Appends, replays and sends happen under the job's lock, so a subscriber sees every
 * event exactly once and in order.
 */
final class DownloadJob {

  /**
   * One event: {@code phase}, {@code progress}, {@code decode}, then {@code done} or {@code
   * failed}.
   */
  record Event(long id, String type, Map<String, Object> data) {}

  private final String name;
  private final List<Event> events = new ArrayList<>();
  private final List<SseEmitter> subscribers = new ArrayList<>();
  private String status = "queued";

  DownloadJob(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  synchronized String status() {
    return status;
  }

  synchronized boolean finished() {
    return status.equals("succeeded") || status.equals("failed");
  }

  synchronized void running() {
    status = "running";
  }

  synchronized void append(String type, Map<String, Object> data) {
    Event event = new Event(events.size() + 1L, type, data);
    events.add(event);
    subscribers.removeIf(emitter -> !send(emitter, event));
  }

  /** Ends the job with its last event and closes every stream. */
  synchronized void finish(boolean succeeded, Map<String, Object> data) {
    status = succeeded ? "succeeded" : "failed";
    append(succeeded ? "done" : "failed", data);
    subscribers.forEach(SseEmitter::complete);
    subscribers.clear();
  }

  /** Replays the events after {@code lastEventId}, then follows the job unless it has ended. */
  synchronized void subscribe(SseEmitter emitter, long lastEventId) {
    for (Event event : events) {
      if (event.id() > lastEventId && !send(emitter, event)) {
        return;
      }
    }
    if (finished()) {
      emitter.complete();
    } else {
      subscribers.add(emitter);
    }
  }

  synchronized void unsubscribe(SseEmitter emitter) {
    subscribers.remove(emitter);
  }

  synchronized void heartbeat() {
    subscribers.removeIf(
        emitter -> {
          try {
            emitter.send(SseEmitter.event().comment("heartbeat"));
            return false;
          } catch (IOException | IllegalStateException e) {
            return true;
          }
        });
  }

  synchronized Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", name);
    view.put("status", status);
    view.put("events", DatasetDownloadController.eventsPath(name));
    view.put("lastEvent", events.isEmpty() ? null : events.get(events.size() - 1));
    return view;
  }

  private static boolean send(SseEmitter emitter, Event event) {
    try {
      emitter.send(
          SseEmitter.event()
              .id(Long.toString(event.id()))
              .name(event.type())
              .data(event.data(), MediaType.APPLICATION_JSON));
      return true;
    } catch (IOException | IllegalStateException e) {
      // The client has gone; its emitter's own callbacks finish the clean-up.
      return false;
    }
  }
}

package dev.residual.datasets.download;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * One dataset download as its subscribers see it: a numbered list of events, kept in memory so that
 * a client that connects late or reconnects with {@code Last-Event-ID} misses nothing. Event ids
 * are 1, 2, 3...; every append calls {@code appended} (outside the job's lock) so that open streams
 * wake up.
 */
final class DownloadJob {

  /**
   * One event: {@code phase}, {@code progress}, {@code decode}, then {@code done} or {@code
   * failed}.
   */
  @Schema(name = "DatasetDownloadEvent", description = "One event of a dataset download")
  public record Event(
      @Schema(description = "The SSE event id") long id,
      @Schema(description = "The SSE event name") String type,
      DownloadEventData data) {}

  private final String name;
  private final Runnable appended;
  private final List<Event> events = new ArrayList<>();
  private String status = "queued";

  DownloadJob(String name, Runnable appended) {
    this.name = name;
    this.appended = appended;
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

  void append(String type, DownloadEventData data) {
    synchronized (this) {
      add(type, data);
    }
    appended.run();
  }

  /** Ends the job with its last event, {@code done} or {@code failed}. */
  void succeed(DownloadEventData.Done done) {
    synchronized (this) {
      status = "succeeded";
      add(DownloadEventData.DONE, done);
    }
    appended.run();
  }

  void fail(DownloadEventData.Failed failed) {
    synchronized (this) {
      status = "failed";
      add(DownloadEventData.FAILED, failed);
    }
    appended.run();
  }

  /** Up to {@code limit} events with an id greater than {@code afterId}, by id. */
  synchronized List<Event> eventsAfter(long afterId, int limit) {
    int from = (int) Math.min(Math.max(afterId, 0), events.size());
    int to = (int) Math.min((long) from + limit, events.size());
    return List.copyOf(events.subList(from, to));
  }

  synchronized DatasetDownload view() {
    return new DatasetDownload(
        name,
        status,
        DatasetDownloadController.eventsPath(name),
        events.isEmpty() ? null : events.get(events.size() - 1));
  }

  private void add(String type, DownloadEventData data) {
    events.add(new Event(events.size() + 1L, type, data));
  }
}

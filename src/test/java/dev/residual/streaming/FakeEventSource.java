package dev.residual.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory job_event table with the same ordering rules, recording what the pump asks. */
final class FakeEventSource implements JobEventSource {

  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final List<JobEvent> events = new ArrayList<>();
  private final List<Long> queriedAfter = new ArrayList<>();
  private long nextId = 1;

  void job(String jobId, String status) {
    statuses.put(jobId, status);
  }

  void delete(String jobId) {
    statuses.remove(jobId);
  }

  /** Appends an event; ids grow across all jobs, like the identity column. */
  synchronized long append(String jobId, String type, String data) {
    long id = nextId++;
    events.add(new JobEvent(id, jobId, type, data));
    return id;
  }

  /** The {@code afterId} of every events query, in order. */
  synchronized List<Long> queriedAfter() {
    return List.copyOf(queriedAfter);
  }

  @Override
  public Optional<String> status(String jobId) {
    return Optional.ofNullable(statuses.get(jobId));
  }

  @Override
  public synchronized List<JobEvent> eventsAfter(String jobId, long afterId, int limit) {
    queriedAfter.add(afterId);
    List<JobEvent> page = new ArrayList<>();
    for (JobEvent event : events) {
      if (event.jobId().equals(jobId) && event.id() > afterId && page.size() < limit) {
        page.add(event);
      }
    }
    return page;
  }
}

package dev.residual.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory feed with the ordering rules of a job's stored events (ids grow across all keys),
 * keyed like jobs with statuses, recording what the pump asks.
 */
final class FakeFeed implements EventFeed {

  private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private record Stored(String key, StreamEvent event) {}

  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final List<Stored> events = new ArrayList<>();
  private final List<Long> queriedAfter = new ArrayList<>();
  private long nextId = 1;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String subject() {
    return "Training job";
  }

  Topic topic(String key) {
    return new Topic(this, key);
  }

  void job(String key, String status) {
    statuses.put(key, status);
  }

  void delete(String key) {
    statuses.remove(key);
  }

  /** Appends an event; ids grow across all keys, like the identity column. */
  synchronized long append(String key, String type, String data) {
    long id = nextId++;
    events.add(new Stored(key, new StreamEvent(id, type, data)));
    return id;
  }

  /** The {@code afterId} of every events query, in order. */
  synchronized List<Long> queriedAfter() {
    return List.copyOf(queriedAfter);
  }

  @Override
  public Optional<State> state(String key) {
    return Optional.ofNullable(statuses.get(key))
        .map(s -> ENDED.contains(s) ? State.ENDED : State.OPEN);
  }

  @Override
  public synchronized List<StreamEvent> eventsAfter(String key, long afterId, int limit) {
    queriedAfter.add(afterId);
    List<StreamEvent> page = new ArrayList<>();
    for (Stored stored : events) {
      if (stored.key().equals(key) && stored.event().id() > afterId && page.size() < limit) {
        page.add(stored.event());
      }
    }
    return page;
  }
}

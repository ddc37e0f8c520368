package dev.residual.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open streams, by topic. Request threads add, container threads (completion, timeout, error)
 * and the pump thread remove, so every operation is safe to call concurrently; a subscriber is
 * counted out exactly once however many of them race to remove it.
 */
final class StreamRegistry {

  private final ConcurrentMap<Topic, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Integer> byClient = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final int maxStreams;
  private final int maxPerClient;

  StreamRegistry(int maxStreams) {
    this(maxStreams, maxStreams);
  }

  StreamRegistry(int maxStreams, int maxPerClient) {
    this.maxStreams = maxStreams;
    this.maxPerClient = maxPerClient;
  }

  /**
   * Adds the subscriber, or returns false when {@code maxStreams} are already open, or {@code
   * maxPerClient} of its client's.
   */
  boolean tryAdd(Subscriber subscriber) {
    // Reserve slots first so that concurrent requests can never overshoot a limit.
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      return false;
    }
    boolean[] admitted = {subscriber.client().isEmpty()};
    byClient.compute(
        subscriber.client(),
        (client, count) -> {
          int n = count == null ? 0 : count;
          if (client.isEmpty() || n >= maxPerClient) {
            return count;
          }
          admitted[0] = true;
          return n + 1;
        });
    if (!admitted[0]) {
      open.decrementAndGet();
      return false;
    }
    byTopic.compute(
        subscriber.topic(),
        (topic, subscribers) -> {
          Set<Subscriber> set = subscribers != null ? subscribers : ConcurrentHashMap.newKeySet();
          set.add(subscriber);
          return set;
        });
    return true;
  }

  /** Closes and removes the subscriber; false if someone else already did. */
  boolean remove(Subscriber subscriber) {
    if (!subscriber.close()) {
      return false;
    }
    // compute* runs atomically per key, so a topic's entry disappears only while it is empty.
    byTopic.computeIfPresent(
        subscriber.topic(),
        (topic, subscribers) -> {
          subscribers.remove(subscriber);
          return subscribers.isEmpty() ? null : subscribers;
        });
    releaseClient(subscriber.client());
    open.decrementAndGet();
    return true;
  }

  /** An unnamed client (a stream opened without an address) has no per-client count. */
  private void releaseClient(String client) {
    if (client.isEmpty()) {
      return;
    }
    byClient.computeIfPresent(client, (c, count) -> count <= 1 ? null : count - 1);
  }

  /** The topics that have at least one subscriber, as a snapshot. */
  List<Topic> topics() {
    return List.copyOf(byTopic.keySet());
  }

  /** A snapshot of the topic's open subscribers. */
  List<Subscriber> subscribers(Topic topic) {
    Set<Subscriber> subscribers = byTopic.get(topic);
    return subscribers == null ? List.of() : List.copyOf(subscribers);
  }

  /** A snapshot of every open subscriber. */
  List<Subscriber> all() {
    List<Subscriber> all = new ArrayList<>();
    byTopic.values().forEach(all::addAll);
    return all;
  }

  boolean hasSubscribers(Topic topic) {
    return byTopic.containsKey(topic);
  }

  int size() {
    return open.get();
  }
}

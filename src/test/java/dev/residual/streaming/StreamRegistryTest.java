package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamRegistryTest {

  @Test
  void refusesStreamsBeyondTheLimitUntilOneCloses() {
    StreamRegistry registry = new StreamRegistry(2);
    Subscriber first = subscriber("a");
    assertThat(registry.tryAdd(first)).isTrue();
    assertThat(registry.tryAdd(subscriber("b"))).isTrue();

    assertThat(registry.tryAdd(subscriber("a"))).isFalse();
    assertThat(registry.size()).isEqualTo(2);

    assertThat(registry.remove(first)).isTrue();
    assertThat(registry.tryAdd(subscriber("c"))).isTrue();
    assertThat(registry.topics()).containsExactlyInAnyOrder(topic("b"), topic("c"));
  }

  @Test
  void removingTwiceCountsOnceAndForgetsEmptyJobs() {
    StreamRegistry registry = new StreamRegistry(5);
    Subscriber one = subscriber("job");
    Subscriber two = subscriber("job");
    registry.tryAdd(one);
    registry.tryAdd(two);

    assertThat(registry.remove(one)).isTrue();
    assertThat(registry.remove(one)).isFalse();
    assertThat(one.isClosed()).isTrue();
    assertThat(registry.size()).isEqualTo(1);
    assertThat(registry.subscribers(topic("job"))).containsExactly(two);

    registry.remove(two);
    assertThat(registry.size()).isZero();
    assertThat(registry.hasSubscribers(topic("job"))).isFalse();
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void concurrentOpensNeverOvershootTheLimitAndConcurrentClosesCountEachStreamOnce()
      throws Exception {
    int limit = 50;
    int threads = 8;
    StreamRegistry registry = new StreamRegistry(limit);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<List<Subscriber>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String jobId = "job-" + (t % 3);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Subscriber> added = new ArrayList<>();
                  for (int i = 0; i < 40; i++) {
                    Subscriber subscriber = subscriber(jobId);
                    if (registry.tryAdd(subscriber)) {
                      added.add(subscriber);
                    }
                  }
                  return added;
                }));
      }
      go.countDown();
      List<Subscriber> added = new ArrayList<>();
      for (Future<List<Subscriber>> result : results) {
        added.addAll(result.get(10, TimeUnit.SECONDS));
      }
      assertThat(added).hasSize(limit);
      assertThat(registry.size()).isEqualTo(limit);
      assertThat(registry.all()).hasSize(limit);

      // Completion, timeout and the pump may all try to remove the same stream at once.
      List<Future<Boolean>> removals = new ArrayList<>();
      for (Subscriber subscriber : added) {
        for (int copy = 0; copy < 3; copy++) {
          removals.add(pool.submit(() -> registry.remove(subscriber)));
        }
      }
      long removed = 0;
      for (Future<Boolean> removal : removals) {
        removed += removal.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(removed).isEqualTo(limit);
      assertThat(registry.size()).isZero();
      assertThat(registry.topics()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private static final FakeFeed FEED = new FakeFeed();

  private static Topic topic(String key) {
    return FEED.topic(key);
  }

  private static Subscriber subscriber(String key) {
    return new Subscriber(topic(key), 0, new RecordingSink());
  }
}

package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

  private final KeyedLocks locks = new KeyedLocks();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void workOnOneKeyWaitsForTheWorkHoldingIt() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    Future<Integer> first =
        pool.submit(
            () ->
                locks.call(
                    "mnist",
                    () -> {
                      inside.incrementAndGet();
                      holding.countDown();
                      release.await();
                      return inside.getAndDecrement();
                    }));
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
    Future<Integer> second = pool.submit(() -> locks.call("mnist", inside::incrementAndGet));

    Thread.sleep(200);
    assertThat(second).as("blocked while the first holds the key").isNotDone();
    release.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(second.get(5, TimeUnit.SECONDS)).as("never two inside at once").isEqualTo(1);
  }

  @Test
  void otherKeysGoAheadAndTheLockIsReentrant() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    pool.submit(
        () ->
            locks.call(
                "mnist",
                () -> {
                  holding.countDown();
                  return release.await(5, TimeUnit.SECONDS);
                }));
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

    Future<String> other =
        pool.submit(() -> locks.call("cifar", () -> locks.call("cifar", () -> "done")));

    assertThat(other.get(2, TimeUnit.SECONDS)).isEqualTo("done");
    release.countDown();
  }

  @Test
  void aFailureReleasesTheLockAndReachesTheCaller() throws Exception {
    assertThatThrownBy(
            () ->
                locks.call(
                    "mnist",
                    () -> {
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");

    Future<String> next = pool.submit(() -> locks.call("mnist", () -> "free"));
    assertThat(next.get(2, TimeUnit.SECONDS)).isEqualTo("free");
  }
}

package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.inference.internal.BatchingQueue.Completed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BatchWorkersTest {

  private static BatchingQueue<Integer, String> queue() {
    return new BatchingQueue<>(
        new BatchSettings(100, 8, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 2));
  }

  @Test
  void eachThreadWarmsUpItsOwnHandlerBeforeTakingRequestsAndAnswersInOrder() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
    List<List<Integer>> processed = new CopyOnWriteArrayList<>();
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            2,
            queue,
            () -> {
              handlerThreads.add(Thread.currentThread());
              AtomicBoolean busy = new AtomicBoolean();
              return inputs -> {
                // A handler is not thread-safe: it never runs two batches at once.
                assertThat(busy.compareAndSet(false, true)).isTrue();
                try {
                  processed.add(inputs);
                  return inputs.stream().map(i -> "out" + i).toList();
                } finally {
                  busy.set(false);
                }
              };
            },
            List.of(List.of(-1), List.of(-2, -2)),
            (size, queued, run) -> sizes.add(size));
    try {
      // Both threads are warm before start returns: each ran the two warm-up batches.
      assertThat(handlerThreads).hasSize(2);
      assertThat(processed).hasSize(4).allMatch(b -> b.stream().allMatch(i -> i < 0));

      List<CompletableFuture<Completed<String>>> futures = queue.submitAll(List.of(1, 2, 3));
      List<String> outputs = new ArrayList<>();
      for (CompletableFuture<Completed<String>> future : futures) {
        Completed<String> done = future.get(5, TimeUnit.SECONDS);
        outputs.add(done.output());
        assertThat(done.batchSize()).isBetween(1, 3);
        assertThat(done.queuedNanos()).isNotNegative();
        assertThat(done.runNanos()).isNotNegative();
      }
      assertThat(outputs).containsExactly("out1", "out2", "out3");
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
    } finally {
      workers.close();
    }
    assertThat(handlerThreads).noneMatch(Thread::isAlive);
  }

  @Test
  void anAnnouncedRequestThatFindsTheModelIdleRunsOnItsOwnThread() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    List<long[]> queuedTimes = new CopyOnWriteArrayList<>();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            1,
            queue,
            () ->
                inputs -> {
                  ranOn.add(Thread.currentThread());
                  return inputs.stream().map(i -> "out" + i).toList();
                },
            List.of(),
            (size, queued, run) -> queuedTimes.add(queued));
    try {
      BatchingQueue.Arrival arrival = queue.expectArrival();
      List<CompletableFuture<Completed<String>>> done =
          workers.runIfIdle(List.of(4, 5), arrival).orElseThrow();

      assertThat(done).allMatch(CompletableFuture::isDone);
      assertThat(done.get(1).get().output()).isEqualTo("out5");
      assertThat(done.get(0).get().batchSize()).isEqualTo(2);
      assertThat(ranOn).containsExactly(Thread.currentThread());
      assertThat(queuedTimes)
          .singleElement()
          .satisfies(
              q ->
                  assertThat(java.util.Arrays.stream(q))
                      .hasSize(2)
                      .allMatch(n -> n >= 0 && n < 100_000_000L));
      // The announcement ended with the run: the next lone request runs inline again.
      assertThat(workers.runIfIdle(List.of(6), queue.expectArrival())).isPresent();
    } finally {
      workers.close();
    }
  }

  @Test
  void aRequestIsQueuedWhenAnotherIsOnItsWayOrTheWorkerIsBusy() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            1,
            queue,
            () ->
                inputs -> {
                  if (inputs.contains(99)) {
                    started.complete(null);
                    release.get(5, TimeUnit.SECONDS);
                  }
                  return inputs.stream().map(String::valueOf).toList();
                },
            List.of(),
            (size, queued, run) -> {});
    try {
      BatchingQueue.Arrival mine = queue.expectArrival();
      BatchingQueue.Arrival other = queue.expectArrival();
      // Another request is being prepared: batching may want to wait for it.
      assertThat(workers.runIfIdle(List.of(1), mine)).isEmpty();
      other.close();
      // More inputs than a batch holds go through the queue.
      assertThat(workers.runIfIdle(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), mine)).isEmpty();

      CompletableFuture<Completed<String>> slow = queue.submitAll(List.of(99)).get(0);
      started.get(5, TimeUnit.SECONDS);
      // A batch is running on the worker.
      assertThat(workers.runIfIdle(List.of(1), mine)).isEmpty();
      CompletableFuture<Completed<String>> queued = queue.submitAll(List.of(1), mine).get(0);
      release.complete(null);
      assertThat(slow.get(5, TimeUnit.SECONDS).output()).isEqualTo("99");
      assertThat(queued.get(5, TimeUnit.SECONDS).output()).isEqualTo("1");
    } finally {
      workers.close();
    }
  }

  @Test
  void clientsComingBackFromABatchAreBatchedAgainNotRunOneByOne() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            1,
            queue,
            () -> inputs -> inputs.stream().map(String::valueOf).toList(),
            List.of(),
            (size, queued, run) -> {});
    try {
      for (CompletableFuture<Completed<String>> f : queue.submitAll(List.of(1, 2, 3))) {
        f.get(5, TimeUnit.SECONDS);
      }
      awaitIdle(queue);
      // Three were in flight at once, so the worker expects company for the first one back.
      BatchingQueue.Arrival first = queue.expectArrival();
      assertThat(workers.runIfIdle(List.of(4), first)).isEmpty();
      assertThat(queue.submitAll(List.of(4), first).get(0).get(5, TimeUnit.SECONDS).batchSize())
          .isEqualTo(1);
      awaitIdle(queue);
      // That batch found one in flight: a lone client from now on runs on its own thread.
      assertThat(workers.runIfIdle(List.of(5), queue.expectArrival())).isPresent();
    } finally {
      workers.close();
    }
  }

  @Test
  void recordsABatchBeforeAnsweringItAndAnswersEvenIfRecordingFails() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    List<Integer> recorded = new CopyOnWriteArrayList<>();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            1,
            queue,
            () -> inputs -> inputs.stream().map(String::valueOf).toList(),
            List.of(),
            (size, queued, run) -> {
              recorded.add(size);
              if (recorded.size() == 2) {
                throw new IllegalStateException("registry broken");
              }
            });
    try {
      for (int i = 1; i <= 3; i++) {
        assertThat(queue.submitAll(List.of(i)).get(0).get(5, TimeUnit.SECONDS).output())
            .isEqualTo(String.valueOf(i));
        // No waiting: the client that has its answer already finds its batch recorded.
        assertThat(recorded).hasSize(i);
      }
    } finally {
      workers.close();
    }
  }

  @Test
  void aFailingBatchFailsItsRequestsAndTheWorkerCarriesOn() throws Exception {
    BatchingQueue<Integer, String> queue = queue();
    BatchWorkers<Integer, String> workers =
        BatchWorkers.start(
            "test",
            1,
            queue,
            () ->
                inputs -> {
                  if (inputs.contains(13)) {
                    throw new IllegalStateException("unlucky");
                  }
                  return inputs.stream().map(String::valueOf).toList();
                },
            List.of(),
            (size, queued, run) -> {});
    try {
      CompletableFuture<Completed<String>> bad = queue.submitAll(List.of(13)).get(0);
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("unlucky");
      assertThat(queue.submitAll(List.of(7)).get(0).get(5, TimeUnit.SECONDS).output())
          .isEqualTo("7");
    } finally {
      workers.close();
    }
  }

  @Test
  void aWarmUpFailureStopsEveryThreadAndClosesTheQueue() {
    BatchingQueue<Integer, String> queue = queue();
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    assertThatThrownBy(
            () ->
                BatchWorkers.<Integer, String>start(
                    "test",
                    2,
                    queue,
                    () -> {
                      threads.add(Thread.currentThread());
                      return inputs -> {
                        throw new IllegalArgumentException("cannot run");
                      };
                    },
                    List.of(List.of(0)),
                    (size, queued, run) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot run");
    assertThat(queue.isOpen()).isFalse();
    assertThat(threads).noneMatch(Thread::isAlive);
  }

  /** A batch's answers go out before its worker hands the handler back and counts it finished. */
  private static void awaitIdle(BatchingQueue<?, ?> queue) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (queue.running() > 0) {
      assertThat(System.nanoTime()).as("the worker finishes its batch").isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}

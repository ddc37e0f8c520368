package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.inference.internal.BatchingQueue.Arrival;
import dev.residual.inference.internal.BatchingQueue.Completed;
import dev.residual.inference.internal.BatchingQueue.Pending;
import dev.residual.system.ProblemStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class BatchingQueueTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static BatchSettings settings(int queue, int batch, Duration delay, Duration timeout) {
    return new BatchSettings(queue, batch, delay, timeout, Duration.ofSeconds(2), 1);
  }

  private static List<Pending<Integer, String>> submitAndTake(
      BatchingQueue<Integer, String> queue, List<Integer> inputs) throws InterruptedException {
    queue.submitAll(inputs);
    return queue.nextBatch();
  }

  private static List<Integer> inputs(List<Pending<Integer, String>> batch) {
    return batch.stream().map(Pending::input).toList();
  }

  @Test
  void drainsAtMostMaxBatchSizeInArrivalOrder() throws Exception {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(100, 32, Duration.ofMillis(5), Duration.ofSeconds(10)));
    queue.submitAll(IntStream.range(0, 70).boxed().toList());

    List<Integer> first = inputs(queue.nextBatch());
    List<Integer> second = inputs(queue.nextBatch());
    List<Integer> third = inputs(queue.nextBatch());

    assertThat(first).hasSize(32).startsWith(0, 1, 2).endsWith(31);
    assertThat(second).hasSize(32).startsWith(32);
    assertThat(third).containsExactly(64, 65, 66, 67, 68, 69);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aLoneRequestIsNotHeldBackForCompanyNobodyIsSending() throws Exception {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, Duration.ofSeconds(30), Duration.ofSeconds(60)));
    queue.submitAll(List.of(1));

    long start = System.nanoTime();
    List<Integer> batch = inputs(queue.nextBatch());

    assertThat(batch).containsExactly(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aBatchWaitsForAnnouncedRequestsAndCollectsThemWithinTheDelay() throws Exception {
    Duration delay = Duration.ofMillis(400);
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, delay, Duration.ofSeconds(60)));
    Arrival coming = queue.expectArrival();
    long start = System.nanoTime();
    queue.submitAll(List.of(1));
    scheduler.schedule(
        () -> {
          queue.submitAll(List.of(2, 3), coming);
          coming.close();
        },
        50,
        TimeUnit.MILLISECONDS);

    List<Integer> batch = inputs(queue.nextBatch());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(batch).containsExactly(1, 2, 3);
    // It closed when the announced request arrived, not at the end of the delay.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(40)).isLessThan(delay);
  }

  @Test
  void anAnnouncedRequestThatNeverComesDelaysTheBatchByAtMostTheDelay() throws Exception {
    Duration delay = Duration.ofMillis(100);
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, delay, Duration.ofSeconds(60)));
    try (Arrival never = queue.expectArrival()) {
      long start = System.nanoTime();
      queue.submitAll(List.of(1));

      List<Integer> batch = inputs(queue.nextBatch());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(batch).containsExactly(1);
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(80))
          .isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void clientsAnsweredByTheLastBatchAreWaitedForSoThatBatchesStayWhole() throws Exception {
    Duration delay = Duration.ofMillis(400);
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(100, 32, delay, Duration.ofSeconds(60)));
    // Sixteen closed-loop clients: eight in a running batch, eight queued behind it.
    assertThat(submitAndTake(queue, IntStream.range(0, 8).boxed().toList())).hasSize(8);
    queue.submitAll(IntStream.range(8, 16).boxed().toList());
    queue.finished(8);
    // The first eight come back with their next requests a moment later. The clock starts before
    // the scheduling, so that the 50 ms are a floor however late this thread runs on.
    long start = System.nanoTime();
    scheduler.schedule(
        () -> queue.submitAll(IntStream.range(16, 24).boxed().toList()), 50, TimeUnit.MILLISECONDS);

    List<Integer> batch = inputs(queue.nextBatch());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(batch).hasSize(16).startsWith(8).endsWith(23);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(40)).isLessThan(delay);
  }

  @Test
  void aSingleClientIsNeverHeldBackThoughItAnnouncesEachRequest() throws Exception {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, Duration.ofSeconds(30), Duration.ofSeconds(60)));
    for (int i = 0; i < 3; i++) {
      try (Arrival arrival = queue.expectArrival()) {
        queue.submitAll(List.of(i), arrival);

        // Its own announcement, not closed yet, ended with the submission.
        long start = System.nanoTime();
        List<Pending<Integer, String>> batch = queue.nextBatch();

        assertThat(inputs(batch)).containsExactly(i);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        queue.finished(batch.size());
      }
    }
  }

  @Test
  void whenClientsLeaveOneBatchWaitsInVainAndTheNextDoesNot() throws Exception {
    Duration delay = Duration.ofMillis(200);
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, delay, Duration.ofSeconds(60)));
    assertThat(submitAndTake(queue, List.of(1, 2, 3, 4))).hasSize(4);
    queue.finished(4);

    // Only one of the four clients comes back: its batch waits for the other three until the
    // delay is over.
    long start = System.nanoTime();
    assertThat(submitAndTake(queue, List.of(5))).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    queue.finished(1);

    start = System.nanoTime();
    assertThat(submitAndTake(queue, List.of(6))).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
  }

  @Test
  void aFullBatchDoesNotWaitForTheDelay() throws Exception {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(100, 4, Duration.ofSeconds(30), Duration.ofSeconds(60)));
    try (Arrival coming = queue.expectArrival()) {
      queue.submitAll(List.of(1, 2, 3, 4, 5));

      long start = System.nanoTime();
      assertThat(inputs(queue.nextBatch())).containsExactly(1, 2, 3, 4);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void aFullQueueRefusesAtOnceAndAdmitsAllOrNothing() {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(4, 32, Duration.ofMillis(5), Duration.ofSeconds(10)));
    queue.submitAll(List.of(1, 2, 3));

    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.submitAll(List.of(4, 5)))
        .isInstanceOfSatisfying(
            QueueFullException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
              assertThat(e.getMessage()).contains("3 of 4");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    assertThat(queue.size()).isEqualTo(3);
    assertThat(queue.submitAll(List.of(4))).hasSize(1);
  }

  @Test
  void anEmptyQueueAdmitsOneRequestLargerThanItsCapacity() {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(4, 32, Duration.ofMillis(5), Duration.ofSeconds(10)));

    assertThat(queue.submitAll(List.of(1, 2, 3, 4, 5, 6))).hasSize(6);
    assertThatThrownBy(() -> queue.submitAll(List.of(7))).isInstanceOf(QueueFullException.class);
  }

  @Test
  void anInputThatWaitedPastItsTimeoutIsFailedInsteadOfRun() throws Exception {
    AtomicLong now = new AtomicLong();
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, Duration.ZERO, Duration.ofSeconds(1)), now::get);
    CompletableFuture<Completed<String>> old = queue.submitAll(List.of(1)).get(0);
    now.addAndGet(Duration.ofMillis(1500).toNanos());
    CompletableFuture<Completed<String>> fresh = queue.submitAll(List.of(2)).get(0);

    assertThat(inputs(queue.nextBatch())).containsExactly(2);
    assertThat(fresh).isNotDone();
    assertThatThrownBy(old::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RequestTimedOutException.class)
        .hasMessageContaining("1000 ms");
  }

  @Test
  void inputsWhoseClientGaveUpAreSkipped() throws Exception {
    BatchingQueue<Integer, String> queue =
        new BatchingQueue<>(settings(10, 32, Duration.ZERO, Duration.ofSeconds(10)));
    List<CompletableFuture<Completed<String>>> futures = queue.submitAll(List.of(1, 2, 3));
    futures.get(1).cancel(false);

    assertThat(inputs(queue.nextBatch())).containsExactly(1, 3);
  }

  @Test
  void closingFailsWaitingInputsWakesWorkersAndRefusesNewOnes() throws Exception {
    BatchingQueue<Integer, String> idle =
        new BatchingQueue<>(settings(10, 32, Duration.ZERO, Duration.ofSeconds(10)));
    List<List<Pending<Integer, String>>> seen = Collections.synchronizedList(new ArrayList<>());
    Thread worker =
        new Thread(
            () -> {
              try {
                seen.add(idle.nextBatch());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    worker.start();
    Thread.sleep(50);
    idle.close();
    worker.join(2000);
    assertThat(worker.isAlive()).isFalse();
    assertThat(seen).singleElement().asList().isEmpty();

    BatchingQueue<Integer, String> busy =
        new BatchingQueue<>(settings(10, 32, Duration.ZERO, Duration.ofSeconds(10)));
    CompletableFuture<Completed<String>> waiting = busy.submitAll(List.of(1)).get(0);
    busy.close();
    assertThat(waiting).isCompletedExceptionally();
    assertThat(busy.isOpen()).isFalse();
    assertThatThrownBy(() -> busy.submitAll(List.of(2))).isInstanceOf(QueueFullException.class);
  }
}

package dev.residual.inference.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A bounded queue of single inputs that hands them out in batches, after djl-serving's job queue
 * and batch aggregator: a batch opens when a worker is free and an input is waiting, and closes
 * when it holds {@code maxBatchSize} inputs or has been open for {@code maxBatchDelay}, whichever
 * comes first.
 *
 * <p>The delay is only spent while more inputs are expected: holding a lone request back for
 * company that nobody is sending would add the whole delay to every request of a single client.
 * Inputs are expected while requests are being prepared ({@link #expectArrival()}), and while the
 * batch holds fewer inputs than were in flight at once (queued, announced or in a running batch)
 * since the previous batch was formed. The second rule keeps closed-loop clients together: with 16
 * clients and one worker, the clients answered by the last batch come back a moment after the next
 * batch would have started with the other half, and without it batches settle at half the clients,
 * each paying the forward pass's fixed cost (weight layout conversions, per-layer calls) for half
 * as many images. A single client never has more than its own request in flight, so it is never
 * held back; when clients leave, one batch waits the delay in vain and the next expects only what
 * is left.
 *
 * @param <I> one input, e.g. a preprocessed image
 * @param <O> its output
 */
public final class BatchingQueue<I, O> {

  /** One admitted input, with when it arrived and until when its client waits for it. */
  public record Pending<I, O>(
      I input, long enqueuedNanos, long deadlineNanos, CompletableFuture<Completed<O>> future) {}

  /**
   * An input's output with what it cost: time in the queue, the batch's run time and size.
   *
   * @param queuedNanos from admission to the start of its batch
   * @param runNanos the whole batch's forward pass
   */
  public record Completed<O>(O output, long queuedNanos, long runNanos, int batchSize) {}

  private final int capacity;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final long timeoutNanos;
  private final Duration retryAfter;
  private final LongSupplier clock;
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int workers;
  private int arrivals;
  private int running;
  private int peakInFlight;
  private boolean open = true;

  public BatchingQueue(BatchSettings settings) {
    this(settings, System::nanoTime);
  }

  BatchingQueue(BatchSettings settings, LongSupplier clock) {
    this.capacity = settings.queueSize();
    this.maxBatchSize = settings.maxBatchSize();
    this.maxDelayNanos = settings.maxBatchDelay().toNanos();
    this.timeoutNanos = settings.requestTimeout().toNanos();
    this.retryAfter = settings.retryAfter();
    this.workers = settings.workers();
    this.clock = clock;
  }

  /**
   * Admits all inputs or none, so that a request never holds half its images in a full queue. An
   * empty queue admits any one request, even one larger than the capacity (64 images with their
   * mirror images are 128 inputs): otherwise such a request would be refused forever.
   *
   * @throws QueueFullException if they do not fit, or the queue has been closed
   */
  public List<CompletableFuture<Completed<O>>> submitAll(List<I> inputs) {
    return submitAll(inputs, null);
  }

  /**
   * As {@link #submitAll(List)}, for an announced request: its announcement ends with the
   * submission, in one step, so that no batch waits for a request that is already in the queue.
   */
  public List<CompletableFuture<Completed<O>>> submitAll(
      List<I> inputs, @Nullable Arrival arrival) {
    if (arrival != null && arrival.queue != this) {
      throw new IllegalArgumentException("The request was announced to another queue");
    }
    List<CompletableFuture<Completed<O>>> futures = new ArrayList<>(inputs.size());
    lock.lock();
    try {
      if (!open || (!queue.isEmpty() && queue.size() + inputs.size() > capacity)) {
        throw new QueueFullException(
            open
                ? "The queue holds "
                    + queue.size()
                    + " of "
                    + capacity
                    + " images; "
                    + inputs.size()
                    + " more do not fit"
                : "The model is being unloaded",
            retryAfter);
      }
      long now = clock.getAsLong();
      for (I input : inputs) {
        CompletableFuture<Completed<O>> future = new CompletableFuture<>();
        queue.addLast(new Pending<>(input, now, now + timeoutNanos, future));
        futures.add(future);
      }
      if (arrival != null) {
        retire(arrival);
      }
      notePeak();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return futures;
  }

  /**
   * Announces a request that is still being prepared (read, decoded) and will be submitted soon;
   * while any is announced, a batch may wait for it. Submit with {@link #submitAll(List, Arrival)},
   * and close the handle in any case.
   */
  public Arrival expectArrival() {
    lock.lock();
    try {
      arrivals++;
      notePeak();
    } finally {
      lock.unlock();
    }
    return new Arrival(this);
  }

  /**
   * Waits for the next batch: at least one input unless the queue was closed, at most {@code
   * maxBatchSize}. Inputs whose client stopped waiting (timed out or cancelled) are left out. The
   * worker reports the batch's end with {@link #finished(int)}.
   */
  public List<Pending<I, O>> nextBatch() throws InterruptedException {
    List<Pending<I, O>> batch = new ArrayList<>();
    List<Pending<I, O>> expired = new ArrayList<>();
    lock.lockInterruptibly();
    try {
      long ready = clock.getAsLong();
      while (queue.isEmpty() && open) {
        changed.await();
      }
      if (!queue.isEmpty()) {
        // A batch opens when it has both a worker and an input; inputs that queued while the
        // worker was busy may still wait for company that is on its way.
        long closesAt = Math.max(ready, queue.peekFirst().enqueuedNanos()) + maxDelayNanos;
        int expected = expectedBatch();
        while (open && queue.size() < maxBatchSize && (arrivals > 0 || queue.size() < expected)) {
          long wait = closesAt - clock.getAsLong();
          if (wait <= 0) {
            break;
          }
          changed.awaitNanos(wait);
        }
        long now = clock.getAsLong();
        while (batch.size() < maxBatchSize && !queue.isEmpty()) {
          Pending<I, O> next = queue.pollFirst();
          if (next.future().isDone()) {
            continue;
          }
          (now > next.deadlineNanos() ? expired : batch).add(next);
        }
        running += batch.size();
        peakInFlight = inFlight();
      }
    } finally {
      lock.unlock();
    }
    expired.forEach(p -> p.future().completeExceptionally(timedOut()));
    return batch;
  }

  /**
   * Claims the model for an announced request that can run at once on its own thread: nothing is
   * queued or running, no other request is on its way, and the request fills the batch that recent
   * traffic leads a worker to expect (a lone client's), so batching has nothing to wait for and
   * handing the inputs to a worker would only add two thread wake-ups to the request's latency.
   * Closed-loop clients coming back from a large batch one by one are still batched together. On
   * success the announcement ends and the inputs count as running until {@link #finished(int)}.
   *
   * @return false if the request must be queued instead
   */
  boolean claimIdle(int size, @Nullable Arrival arrival) {
    lock.lock();
    try {
      int announced = arrival != null && !arrival.retired ? 1 : 0;
      if (!open
          || size > maxBatchSize
          || !queue.isEmpty()
          || running > 0
          || arrivals != announced
          || size < expectedBatch()) {
        return false;
      }
      if (arrival != null) {
        retire(arrival);
      }
      running += size;
      peakInFlight = inFlight();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Reports the end of a batch of {@code size} inputs taken with {@link #nextBatch()}. */
  public void finished(int size) {
    lock.lock();
    try {
      running = Math.max(0, running - size);
    } finally {
      lock.unlock();
    }
  }

  private void retire(Arrival arrival) {
    if (!arrival.retired) {
      arrival.retired = true;
      arrivals--;
    }
  }

  /** What a batch may wait to fill: the workers share what was in flight at once. */
  private int expectedBatch() {
    return Math.min(maxBatchSize, (peakInFlight + workers - 1) / workers);
  }

  private int inFlight() {
    return queue.size() + arrivals + running;
  }

  private void notePeak() {
    peakInFlight = Math.max(peakInFlight, inFlight());
  }

  /** Inputs in running batches, whether on a worker or on a request's own thread. */
  int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** Inputs waiting, not counting those in a running batch. */
  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean isOpen() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new inputs, fails those still waiting, and wakes every worker so that it can stop. */
  public void close() {
    List<Pending<I, O>> left;
    lock.lock();
    try {
      open = false;
      left = new ArrayList<>(queue);
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    left.forEach(
        p ->
            p.future()
                .completeExceptionally(
                    new QueueFullException("The model was unloaded", retryAfter)));
  }

  /** The exception for a client whose input waited past its deadline. */
  public RequestTimedOutException timedOut() {
    return new RequestTimedOutException(
        "The request waited longer than " + Duration.ofNanos(timeoutNanos).toMillis() + " ms",
        retryAfter);
  }

  /** A request that is being prepared; see {@link #expectArrival()}. */
  public static final class Arrival implements AutoCloseable {

    private final BatchingQueue<?, ?> queue;
    private boolean retired; // guarded by the queue's lock

    private Arrival(BatchingQueue<?, ?> queue) {
      this.queue = queue;
    }

    /** Ends the announcement if the submission has not: the request gave up. Idempotent. */
    @Override
    public void close() {
      queue.lock.lock();
      try {
        queue.retire(this);
        queue.changed.signalAll();
      } finally {
        queue.lock.unlock();
      }
    }
  }
}

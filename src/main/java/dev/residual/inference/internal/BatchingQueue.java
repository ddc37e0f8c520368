package dev.residual.inference.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A bounded queue of single inputs that hands them out in batches, after djl-serving's job queue
 * and batch aggregator: a batch closes when it holds {@code maxBatchSize} inputs or when its oldest
 * input has waited {@code maxBatchDelay}, whichever comes first.
 *
 * <p>The delay is only spent while more inputs are known to be on their way ({@link
 * #expectArrival()}): holding a lone request back for company that nobody is sending would add the
 * whole delay to every request of a single client. Under load, inputs pile up while a batch runs,
 * and the next batch takes them at once.
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
  private int arrivals;
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
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return futures;
  }

  /**
   * Announces a request that is still being prepared (read, decoded) and will be submitted soon;
   * while any is announced, a batch may wait for it. Close the handle right after submitting.
   */
  public Arrival expectArrival() {
    lock.lock();
    try {
      arrivals++;
    } finally {
      lock.unlock();
    }
    return () -> {
      lock.lock();
      try {
        arrivals--;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * Waits for the next batch: at least one input unless the queue was closed, at most {@code
   * maxBatchSize}. Inputs whose client stopped waiting (timed out or cancelled) are left out.
   */
  public List<Pending<I, O>> nextBatch() throws InterruptedException {
    List<Pending<I, O>> batch = new ArrayList<>();
    List<Pending<I, O>> expired = new ArrayList<>();
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty() && open) {
        changed.await();
      }
      if (!queue.isEmpty()) {
        long closesAt = queue.peekFirst().enqueuedNanos() + maxDelayNanos;
        while (open && queue.size() < maxBatchSize && arrivals > 0) {
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
      }
    } finally {
      lock.unlock();
    }
    expired.forEach(p -> p.future().completeExceptionally(timedOut()));
    return batch;
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
  @FunctionalInterface
  public interface Arrival extends AutoCloseable {
    @Override
    void close();
  }
}

package dev.residual.inference.internal;

import dev.residual.inference.internal.BatchingQueue.Completed;
import dev.residual.inference.internal.BatchingQueue.Pending;
import dev.residual.system.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that take batches from a {@link BatchingQueue} and run them. Each thread creates its
 * own {@link Handler}, because a handler (a DJL forward pass with its parameter store) is not
 * thread-safe, and warms it up before it takes its first request.
 */
public final class BatchWorkers<I, O> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchWorkers.class);

  /** Runs one batch: one output per input, in order. Owned by one thread. */
  @FunctionalInterface
  public interface Handler<I, O> {
    List<O> process(List<I> inputs) throws Exception;
  }

  /** Told about every batch that ran, e.g. to record metrics. */
  @FunctionalInterface
  public interface BatchListener {
    void onBatch(int size, long[] queuedNanos, long runNanos);
  }

  private final BatchingQueue<I, O> queue;
  private final List<Thread> threads = new ArrayList<>();

  private BatchWorkers(BatchingQueue<I, O> queue) {
    this.queue = queue;
  }

  /**
   * Starts {@code count} threads, each running {@code warmUp} through its own handler first, and
   * returns once all of them are warm.
   *
   * @throws IllegalStateException if a handler cannot be created or warmed up; the threads are
   *     stopped and the queue closed
   */
  public static <I, O> BatchWorkers<I, O> start(
      String name,
      int count,
      BatchingQueue<I, O> queue,
      Supplier<Handler<I, O>> handlers,
      List<List<I>> warmUp,
      BatchListener listener) {
    BatchWorkers<I, O> workers = new BatchWorkers<>(queue);
    List<CompletableFuture<Void>> warm = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      CompletableFuture<Void> ready = new CompletableFuture<>();
      warm.add(ready);
      Thread thread =
          DaemonThreads.create(
              () -> workers.run(handlers, warmUp, listener, ready), name + "-" + i);
      workers.threads.add(thread);
      thread.start();
    }
    try {
      CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.close();
      throw new IllegalStateException("Interrupted while warming up " + name, e);
    } catch (ExecutionException e) {
      workers.close();
      throw new IllegalStateException(
          "Warm-up of " + name + " failed: " + e.getCause(), e.getCause());
    }
    return workers;
  }

  private void run(
      Supplier<Handler<I, O>> handlers,
      List<List<I>> warmUp,
      BatchListener listener,
      CompletableFuture<Void> ready) {
    Handler<I, O> handler;
    try {
      handler = handlers.get();
      for (List<I> batch : warmUp) {
        handler.process(batch);
      }
      ready.complete(null);
    } catch (Exception | LinkageError e) {
      ready.completeExceptionally(e);
      return;
    }
    while (true) {
      List<Pending<I, O>> batch;
      try {
        batch = queue.nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch.isEmpty()) {
        if (!queue.isOpen()) {
          return;
        }
        continue;
      }
      try {
        runBatch(handler, batch, listener);
      } finally {
        queue.finished(batch.size());
      }
    }
  }

  private void runBatch(Handler<I, O> handler, List<Pending<I, O>> batch, BatchListener listener) {
    long start = System.nanoTime();
    List<O> outputs;
    try {
      outputs = handler.process(batch.stream().map(Pending::input).toList());
    } catch (Exception e) {
      log.error("A batch of {} failed", batch.size(), e);
      batch.forEach(p -> p.future().completeExceptionally(e));
      return;
    }
    long runNanos = System.nanoTime() - start;
    long[] queued = new long[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      queued[i] = start - batch.get(i).enqueuedNanos();
    }
    // Recorded first, so that a client holding its answer already finds the batch in the metrics;
    // a failing listener must not keep the answers from their clients.
    try {
      listener.onBatch(batch.size(), queued, runNanos);
    } catch (RuntimeException e) {
      log.warn("Could not record a batch of {}", batch.size(), e);
    }
    for (int i = 0; i < batch.size(); i++) {
      batch
          .get(i)
          .future()
          .complete(new Completed<>(outputs.get(i), queued[i], runNanos, batch.size()));
    }
  }

  /** Closes the queue and waits for every thread to finish its current batch. */
  @Override
  public void close() {
    queue.close();
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          // Never give up: the owner frees the model's native memory next, under a running batch.
          thread.join(10_000);
          if (thread.isAlive()) {
            log.warn("Still waiting for {} to finish its batch", thread.getName());
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

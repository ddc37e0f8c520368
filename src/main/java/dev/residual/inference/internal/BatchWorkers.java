package dev.residual.inference.internal;

import dev.residual.inference.internal.BatchingQueue.Arrival;
import dev.residual.inference.internal.BatchingQueue.Completed;
import dev.residual.inference.internal.BatchingQueue.Pending;
import dev.residual.system.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that take batches from a {@link BatchingQueue} and run them. Each thread creates a
 * {@link Handler} and warms it up before the first request. A handler (a DJL forward pass with its
 * parameter store, an ONNX Runtime input buffer) is not thread-safe, so it runs one batch at a
 * time: handlers wait in a pool between batches, and whoever runs a batch holds one.
 *
 * <p>A request that finds the model idle ({@link #runIfIdle}) runs on its own thread with an idle
 * handler instead of waking a worker and waiting to be woken by it: for a lone client the two
 * wake-ups cost about as much as a small network's forward pass on ONNX Runtime.
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
  private final BatchListener listener;
  private final BlockingQueue<Handler<I, O>> idle = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private BatchWorkers(BatchingQueue<I, O> queue, BatchListener listener) {
    this.queue = queue;
    this.listener = listener;
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
    BatchWorkers<I, O> workers = new BatchWorkers<>(queue, listener);
    List<CompletableFuture<Void>> warm = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      CompletableFuture<Void> ready = new CompletableFuture<>();
      warm.add(ready);
      Thread thread =
          DaemonThreads.create(() -> workers.run(handlers, warmUp, ready), name + "-" + i);
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
      Supplier<Handler<I, O>> handlers, List<List<I>> warmUp, CompletableFuture<Void> ready) {
    try {
      Handler<I, O> handler = handlers.get();
      for (List<I> batch : warmUp) {
        handler.process(batch);
      }
      idle.add(handler);
      ready.complete(null);
    } catch (Exception | LinkageError e) {
      ready.completeExceptionally(e);
      return;
    }
    while (true) {
      List<Pending<I, O>> batch;
      Handler<I, O> handler;
      try {
        batch = queue.nextBatch();
        if (batch.isEmpty()) {
          if (!queue.isOpen()) {
            return;
          }
          continue;
        }
        // Held only while a request that found the model idle runs on its own thread.
        handler = idle.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        runBatch(handler, batch);
      } finally {
        idle.add(handler);
        queue.finished(batch.size());
      }
    }
  }

  /**
   * Runs an announced request's inputs on the calling thread if the model is idle: no input is
   * queued or running, no other request is announced, and a handler is free. Otherwise (or if they
   * are more than a batch) nothing happens and the request is to be queued.
   *
   * @return each input's output, or empty if the inputs must be queued
   */
  public Optional<List<CompletableFuture<Completed<O>>>> runIfIdle(
      List<I> inputs, @Nullable Arrival arrival) {
    Handler<I, O> handler = idle.poll();
    if (handler == null) {
      return Optional.empty();
    }
    try {
      if (!queue.claimIdle(inputs.size(), arrival)) {
        return Optional.empty();
      }
      try {
        long now = System.nanoTime();
        List<Pending<I, O>> batch = new ArrayList<>(inputs.size());
        for (I input : inputs) {
          batch.add(new Pending<>(input, now, Long.MAX_VALUE, new CompletableFuture<>()));
        }
        runBatch(handler, batch);
        return Optional.of(batch.stream().map(Pending::future).toList());
      } finally {
        queue.finished(inputs.size());
      }
    } finally {
      idle.add(handler);
    }
  }

  private void runBatch(Handler<I, O> handler, List<Pending<I, O>> batch) {
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

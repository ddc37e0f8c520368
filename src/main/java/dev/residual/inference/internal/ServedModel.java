package dev.residual.inference.internal;

import dev.residual.inference.internal.BatchingQueue.Arrival;
import dev.residual.inference.internal.BatchingQueue.Completed;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded, warm model ready to predict: its network and native memory, its batching queue and
 * worker threads, and what a client needs to prepare images for it.
 *
 * <p>Clients hold a {@link Lease} while they use it. {@link #retire()} stops new leases; the model
 * closes itself, freeing its native memory, when the last lease ends, so requests in flight always
 * finish on the version they started on.
 */
public final class ServedModel {

  private static final Logger log = LoggerFactory.getLogger(ServedModel.class);

  private final ModelKey key;
  private final ModelInput input;
  private final List<String> classes;
  private final LoadedNetwork network;
  private final BatchingQueue<float[], float[]> queue;
  private final BatchWorkers<float[], float[]> workers;
  private final ModelMeters meters;
  private final AtomicInteger users = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean retiring;

  ServedModel(
      ModelKey key,
      ModelInput input,
      List<String> classes,
      LoadedNetwork network,
      BatchingQueue<float[], float[]> queue,
      BatchWorkers<float[], float[]> workers,
      ModelMeters meters) {
    this.key = key;
    this.input = input;
    this.classes = List.copyOf(classes);
    this.network = network;
    this.queue = queue;
    this.workers = workers;
    this.meters = meters;
  }

  public ModelKey key() {
    return key;
  }

  /** The size, channels and normalisation the network was trained with. */
  public ModelInput input() {
    return input;
  }

  public List<String> classes() {
    return classes;
  }

  /** A lease, or empty once the model is retiring: then ask its replacement. */
  public Optional<Lease> tryAcquire() {
    users.incrementAndGet();
    if (retiring) {
      release();
      return Optional.empty();
    }
    return Optional.of(new Lease());
  }

  /**
   * Stops handing out leases and closes the model when the last one ends (at once if none is held).
   * Idempotent.
   */
  public void retire() {
    retiring = true;
    if (users.get() == 0) {
      closeOnce();
    }
  }

  public boolean isClosed() {
    return closed.get();
  }

  private void release() {
    if (users.decrementAndGet() == 0 && retiring) {
      closeOnce();
    }
  }

  private void closeOnce() {
    if (closed.compareAndSet(false, true)) {
      workers.close();
      network.close();
      meters.release();
      log.info("Closed {}", key);
    }
  }

  /** The right to use the model until {@link #close()}; one per request, on one thread. */
  public final class Lease implements AutoCloseable {

    private boolean released;

    private Lease() {}

    /** See {@link BatchingQueue#expectArrival()}. */
    public Arrival expectArrival() {
      return queue.expectArrival();
    }

    /**
     * Queues preprocessed images; each future yields class probabilities.
     *
     * @throws QueueFullException if the queue cannot take them all
     */
    public List<CompletableFuture<Completed<float[]>>> submit(List<float[]> images) {
      return submit(images, null);
    }

    /**
     * Runs the preprocessed images of an announced request, ending its announcement: on the calling
     * thread if the model is idle ({@link BatchWorkers#runIfIdle}), else through the queue.
     *
     * @throws QueueFullException if the queue cannot take them all
     */
    public List<CompletableFuture<Completed<float[]>>> submit(
        List<float[]> images, @Nullable Arrival arrival) {
      Optional<List<CompletableFuture<Completed<float[]>>>> ran =
          arrival != null ? workers.runIfIdle(images, arrival) : Optional.empty();
      if (ran.isPresent()) {
        return ran.get();
      }
      try {
        return queue.submitAll(images, arrival);
      } catch (QueueFullException e) {
        meters.rejected("queue_full");
        throw e;
      }
    }

    /** The exception for a request that waited too long, counted as such. */
    public RequestTimedOutException timedOut() {
      meters.rejected("timeout");
      return queue.timedOut();
    }

    public ServedModel model() {
      return ServedModel.this;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release();
      }
    }
  }
}

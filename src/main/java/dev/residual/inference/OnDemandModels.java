package dev.residual.inference;

import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ModelLoader;
import dev.residual.inference.internal.ServedModel;
import dev.residual.system.ServiceBusyException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Models loaded on first use for direct predictions (a bare checkpoint, or a version that is not
 * active), the least recently used evicted beyond {@code residual.inference.on-demand-models}.
 * Concurrent first requests for one model share one load; an evicted model closes once its last
 * request ends.
 *
 * <p>Bounded in every direction: at most {@code max-concurrent-model-loads} loads run at once, a
 * request waits for a load (its own or another's) only until its deadline and then gets 503 with
 * {@code Retry-After}, and it loads a model at most once: a model evicted again before the request
 * could use it (more distinct models in demand than {@code on-demand-models}) is a 503, not a
 * reload loop.
 */
@Component
public class OnDemandModels {

  private final ModelLoader loader;
  private final int capacity;
  private final Semaphore loads;
  private final Duration retryAfter;
  private final LinkedHashMap<ModelKey, CompletableFuture<ServedModel>> loaded =
      new LinkedHashMap<>(16, 0.75f, true);

  OnDemandModels(ModelLoader loader, InferenceProperties properties) {
    this.loader = loader;
    this.capacity = properties.onDemandModels();
    this.loads = new Semaphore(properties.maxConcurrentModelLoads(), true);
    this.retryAfter = properties.retryAfter();
  }

  /**
   * A lease on the model, loading it first if needed.
   *
   * @throws dev.residual.system.ServiceBusyException 503 when the model is not ready by {@code
   *     deadlineNanos}, or was evicted again before this request could use it
   */
  ServedModel.Lease acquire(ModelKey key, long deadlineNanos) {
    boolean loadedOnce = false;
    while (true) {
      CompletableFuture<ServedModel> entry;
      boolean mine = false;
      synchronized (this) {
        entry = loaded.get(key);
        if (entry == null) {
          if (loadedOnce) {
            throw busy("More distinct models are in demand than can stay loaded; try again");
          }
          entry = new CompletableFuture<>();
          loaded.put(key, entry);
          mine = true;
          evictBeyond(capacity);
        }
      }
      if (mine) {
        loadedOnce = true;
        load(key, entry, deadlineNanos);
      }
      Optional<ServedModel.Lease> lease = await(entry, deadlineNanos).tryAcquire();
      if (lease.isPresent()) {
        return lease.get();
      }
      synchronized (this) {
        // Evicted before this request could use it: loaded once more at most, by this request.
        loaded.remove(key, entry);
      }
    }
  }

  /** Evicts every model the predicate selects, e.g. the versions of a deleted model. */
  public synchronized void evict(Predicate<ModelKey> which) {
    List<CompletableFuture<ServedModel>> gone = new ArrayList<>();
    loaded.entrySet().removeIf(e -> which.test(e.getKey()) && gone.add(e.getValue()));
    gone.forEach(OnDemandModels::retireWhenLoaded);
  }

  @PreDestroy
  void close() {
    evict(key -> true);
  }

  private void load(ModelKey key, CompletableFuture<ServedModel> entry, long deadlineNanos) {
    try {
      if (!loads.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        fail(key, entry, busy("Too many models are being loaded; try again"));
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(key, entry, busy("Interrupted while waiting to load the model"));
      return;
    }
    try {
      entry.complete(loader.load(key));
    } catch (RuntimeException e) {
      fail(key, entry, e);
    } finally {
      loads.release();
    }
  }

  private void fail(ModelKey key, CompletableFuture<ServedModel> entry, RuntimeException e) {
    synchronized (this) {
      loaded.remove(key, entry);
    }
    entry.completeExceptionally(e);
  }

  private ServiceBusyException busy(String detail) {
    return new ServiceBusyException(detail, retryAfter);
  }

  private void evictBeyond(int keep) {
    Iterator<Map.Entry<ModelKey, CompletableFuture<ServedModel>>> eldest =
        loaded.entrySet().iterator();
    while (loaded.size() > keep && eldest.hasNext()) {
      CompletableFuture<ServedModel> entry = eldest.next().getValue();
      eldest.remove();
      retireWhenLoaded(entry);
    }
  }

  private static void retireWhenLoaded(CompletableFuture<ServedModel> entry) {
    entry.thenAccept(ServedModel::retire);
  }

  private ServedModel await(CompletableFuture<ServedModel> entry, long deadlineNanos) {
    try {
      return entry.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw busy("The model is still being loaded; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy("Interrupted while waiting for the model");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}

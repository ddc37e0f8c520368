package dev.residual.inference;

import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ModelLoader;
import dev.residual.inference.internal.ServedModel;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Models loaded on first use for direct predictions (a bare checkpoint, or a version that is not
 * active), the least recently used evicted beyond {@code residual.inference.on-demand-models}.
 * Concurrent first requests for one model share one load; an evicted model closes once its last
 * request ends.
 */
@Component
public class OnDemandModels {

  private final ModelLoader loader;
  private final int capacity;
  private final LinkedHashMap<ModelKey, CompletableFuture<ServedModel>> loaded =
      new LinkedHashMap<>(16, 0.75f, true);

  OnDemandModels(ModelLoader loader, InferenceProperties properties) {
    this.loader = loader;
    this.capacity = properties.onDemandModels();
  }

  /** A lease on the model, loading it first if needed. */
  ServedModel.Lease acquire(ModelKey key) {
    while (true) {
      CompletableFuture<ServedModel> entry;
      boolean mine = false;
      synchronized (this) {
        entry = loaded.get(key);
        if (entry == null) {
          entry = new CompletableFuture<>();
          loaded.put(key, entry);
          mine = true;
          evictBeyond(capacity);
        }
      }
      if (mine) {
        load(key, entry);
      }
      Optional<ServedModel.Lease> lease = join(entry).tryAcquire();
      if (lease.isPresent()) {
        return lease.get();
      }
      synchronized (this) {
        loaded.remove(key, entry); // evicted while we waited: load it again
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

  private void load(ModelKey key, CompletableFuture<ServedModel> entry) {
    try {
      entry.complete(loader.load(key));
    } catch (RuntimeException e) {
      synchronized (this) {
        loaded.remove(key, entry);
      }
      entry.completeExceptionally(e);
    }
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

  private static ServedModel join(CompletableFuture<ServedModel> entry) {
    try {
      return entry.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}

package dev.residual.inference;

import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ModelLoader;
import dev.residual.inference.internal.ServedModel;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The active version of every model, loaded and warm, and the switch between versions: a new
 * version is installed only once it is warm, and the old one closes when its last request ends.
 * Changes to one model are serialised by that model's lock; predictions take no lock.
 */
@Component
public class ModelDeployments {

  private final ModelLoader loader;
  private final Map<String, ServedModel> active = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  ModelDeployments(ModelLoader loader) {
    this.loader = loader;
  }

  /** Runs {@code change} holding the model's lock, so that loads and switches do not interleave. */
  public <T> T locked(String name, Supplier<T> change) {
    ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
    lock.lock();
    try {
      return change.get();
    } finally {
      lock.unlock();
    }
  }

  /** Loads and warms up a version without serving it yet. */
  public ServedModel load(ModelKey key) {
    return loader.load(key);
  }

  /** Serves {@code model} from now on; requests already running on the old version finish there. */
  public void install(String name, ServedModel model) {
    ServedModel old = active.put(name, model);
    failures.remove(name);
    if (old != null && old != model) {
      old.retire();
    }
  }

  /** Stops serving the model; its requests in flight finish first. */
  public void remove(String name) {
    ServedModel old = active.remove(name);
    failures.remove(name);
    if (old != null) {
      old.retire();
    }
  }

  /** Records why the model's active version could not be loaded, for health and the registry. */
  public void failed(String name, String reason) {
    failures.put(name, reason);
  }

  public Optional<Integer> servedVersion(String name) {
    return Optional.ofNullable(active.get(name)).map(m -> m.key().version());
  }

  public Optional<String> failure(String name) {
    return Optional.ofNullable(failures.get(name));
  }

  Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  /** The version each served model runs. */
  public Map<String, Integer> served() {
    Map<String, Integer> served = new LinkedHashMap<>();
    active.forEach((name, model) -> served.put(name, model.key().version()));
    return served;
  }

  /** A lease on the model's active version, or empty if none is served here. */
  Optional<ServedModel.Lease> acquire(String name) {
    while (true) {
      ServedModel model = active.get(name);
      if (model == null) {
        return Optional.empty();
      }
      Optional<ServedModel.Lease> lease = model.tryAcquire();
      if (lease.isPresent()) {
        return lease;
      }
      // It retired between the lookup and the lease: its successor is already installed.
      Thread.onSpinWait();
    }
  }

  /**
   * Runs while the context destroys its beans, which is after every lifecycle has stopped, the web
   * server's graceful shutdown included: the requests it let finish have returned their leases and
   * the batching queues are empty. A request that outlived the graceful timeout still holds its
   * lease, and its model closes when that request ends.
   */
  @PreDestroy
  void close() {
    active.keySet().forEach(this::remove);
  }
}

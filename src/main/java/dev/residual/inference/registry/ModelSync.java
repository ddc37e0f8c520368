package dev.residual.inference.registry;

import dev.residual.inference.InferenceProperties;
import dev.residual.inference.ModelDeployments;
import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.registry.ModelRepository.VersionRow;
import dev.residual.system.DaemonThreads;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings what this instance serves in line with the registry: at start-up (readiness stays DOWN
 * until this first pass has loaded every active version), then every {@code sync-interval}, which
 * picks up activations and deletions made through another instance and retries failed loads.
 */
@Component
public class ModelSync implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ModelSync.class);

  private final ModelRepository repository;
  private final ModelDeployments deployments;
  private final InferenceProperties properties;
  private ScheduledExecutorService scheduler;
  private volatile boolean synced;
  private volatile boolean running;

  ModelSync(
      ModelRepository repository, ModelDeployments deployments, InferenceProperties properties) {
    this.repository = repository;
    this.deployments = deployments;
    this.properties = properties;
  }

  /** Whether a full pass has finished since start-up. */
  public boolean hasSynced() {
    return synced;
  }

  /** One pass over every model; a model that fails to load is recorded and retried next time. */
  void syncAll() {
    try {
      List<VersionRow> active = repository.activeVersions();
      Set<String> names = new HashSet<>();
      active.forEach(v -> names.add(v.model()));
      names.addAll(deployments.served().keySet());
      names.forEach(name -> deployments.locked(name, () -> syncOne(name)));
      synced = true;
    } catch (RuntimeException e) {
      // The database may be away for a while: keep serving what is loaded and try again later.
      log.warn("Could not read the model registry: {}", e.getMessage());
    }
  }

  /** Call holding the model's lock: the registry is read again under it. */
  private Void syncOne(String name) {
    Optional<VersionRow> wanted =
        repository
            .find(name)
            .flatMap(m -> Optional.ofNullable(m.activeVersion()))
            .flatMap(v -> repository.version(name, v));
    if (wanted.isEmpty()) {
      deployments.remove(name);
      return null;
    }
    VersionRow version = wanted.get();
    if (deployments.servedVersion(name).filter(v -> v == version.version()).isPresent()) {
      return null;
    }
    try {
      deployments.install(
          name, deployments.load(ModelKey.of(name, version.version(), version.checkpointId())));
    } catch (RuntimeException e) {
      log.error("Could not load model '{}' version {}", name, version.version(), e);
      deployments.failed(name, e.getMessage());
    }
    return null;
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-sync"));
    long period = properties.syncInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::syncAll, 0, period, TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    scheduler.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

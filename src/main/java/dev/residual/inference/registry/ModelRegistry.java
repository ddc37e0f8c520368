package dev.residual.inference.registry;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.inference.ModelDeployments;
import dev.residual.inference.OnDemandModels;
import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ServedModel;
import dev.residual.inference.registry.ModelRepository.ModelRow;
import dev.residual.inference.registry.ModelRepository.VersionRow;
import dev.residual.inference.registry.ModelViews.ModelDetails;
import dev.residual.inference.registry.ModelViews.ModelSummary;
import dev.residual.inference.registry.ModelViews.VersionView;
import dev.residual.system.ConflictException;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Named models and their numbered versions, each a checkpoint; which version is active; and rolling
 * forward or back. An activation loads and warms up the version before the switch, so that it never
 * answers a request cold, and a failed load leaves the old version serving.
 */
@Service
class ModelRegistry {

  private final ModelRepository repository;
  private final CheckpointStore checkpoints;
  private final ModelDeployments deployments;
  private final OnDemandModels onDemand;
  private final ModelDescriber describer;
  private final TransactionTemplate tx;

  ModelRegistry(
      ModelRepository repository,
      CheckpointStore checkpoints,
      ModelDeployments deployments,
      OnDemandModels onDemand,
      ModelDescriber describer,
      TransactionTemplate tx) {
    this.repository = repository;
    this.checkpoints = checkpoints;
    this.deployments = deployments;
    this.onDemand = onDemand;
    this.describer = describer;
    this.tx = tx;
  }

  /**
   * Adds the checkpoint as the model's next version, creating the model if needed. A version that
   * should be activated but cannot be loaded is removed again, so that a failed call leaves nothing
   * behind.
   *
   * @param activate null: activate only a model's first version
   */
  VersionView create(String name, UUID checkpointId, @Nullable Boolean activate) {
    try {
      checkpoints.find(checkpointId);
    } catch (DomainException notFound) {
      throw InvalidRequestException.field(
          "checkpointId", "checkpoint '" + checkpointId + "' does not exist");
    }
    return deployments.locked(
        name,
        () -> {
          Instant now = Instant.now();
          boolean created = repository.insertModel(name, now);
          int version =
              Objects.requireNonNull(
                  tx.execute(
                      s -> {
                        int v =
                            repository
                                .nextVersion(name, now)
                                .orElseThrow(() -> deletedMeanwhile(name));
                        repository.insertVersion(name, v, checkpointId, now);
                        return v;
                      }));
          boolean first = require(name).activeVersion() == null;
          if (activate != null ? activate : first) {
            try {
              switchTo(name, version);
            } catch (RuntimeException e) {
              repository.deleteVersion(name, version);
              if (created) {
                repository.deleteModel(name);
              }
              throw e;
            }
          }
          return describer.version(require(name), requireVersion(name, version));
        });
  }

  List<ModelSummary> list() {
    return repository.findAll().stream()
        .map(m -> describer.summary(m, repository.versions(m.name())))
        .toList();
  }

  ModelDetails get(String name) {
    ModelRow model = require(name);
    return describer.details(model, repository.versions(name));
  }

  VersionView version(String name, int version) {
    return describer.version(require(name), requireVersion(name, version));
  }

  /** Loads, warms up and switches to {@code version}; a no-op if it already serves. */
  ModelDetails activate(String name, int version) {
    deployments.locked(
        name,
        () -> {
          requireVersion(name, version);
          switchTo(name, version);
          return null;
        });
    return get(name);
  }

  /**
   * Deletes a version that is not active.
   *
   * @throws DomainException 409 for the active version: activate another one or delete the model
   */
  void deleteVersion(String name, int version) {
    deployments.locked(
        name,
        () -> {
          requireVersion(name, version);
          if (Objects.equals(require(name).activeVersion(), version)) {
            throw new ConflictException(
                "Version "
                    + version
                    + " of model '"
                    + name
                    + "' is active; activate another"
                    + " version first, or delete the model");
          }
          repository.deleteVersion(name, version);
          onDemand.evict(k -> name.equals(k.model()) && Objects.equals(k.version(), version));
          return null;
        });
  }

  /** Deletes the model and its versions; requests in flight finish first. */
  void deleteModel(String name) {
    deployments.locked(
        name,
        () -> {
          if (!repository.deleteModel(name)) {
            throw new NotFoundException("Model", name);
          }
          deployments.remove(name);
          onDemand.evict(k -> name.equals(k.model()));
          return null;
        });
  }

  /** Call holding the model's lock. */
  private void switchTo(String name, int version) {
    VersionRow row = requireVersion(name, version);
    if (deployments.servedVersion(name).filter(v -> v == version).isPresent()) {
      repository.setActive(name, version, Instant.now());
      return;
    }
    ServedModel model = deployments.load(ModelKey.of(name, version, row.checkpointId()));
    boolean switched;
    try {
      switched = repository.setActive(name, version, Instant.now());
    } catch (RuntimeException e) {
      model.retire();
      throw e;
    }
    if (!switched) {
      model.retire();
      throw new NotFoundException("Model version", name + "/" + version);
    }
    deployments.install(name, model);
    onDemand.evict(model.key()::equals);
  }

  private ModelRow require(String name) {
    return repository.find(name).orElseThrow(() -> new NotFoundException("Model", name));
  }

  private VersionRow requireVersion(String name, int version) {
    require(name);
    return repository
        .version(name, version)
        .orElseThrow(() -> new NotFoundException("Model version", name + "/" + version));
  }

  private static DomainException deletedMeanwhile(String name) {
    return new ConflictException("Model '" + name + "' was deleted while the version was added");
  }
}

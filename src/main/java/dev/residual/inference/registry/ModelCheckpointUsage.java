package dev.residual.inference.registry;

import dev.residual.checkpoints.CheckpointUsage;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Tells the checkpoint store which checkpoints model versions use, so that deleting one answers
 * 409. It reads the registry table directly: the registry service itself depends on the store,
 * which collects every usage when it is created.
 */
@Component
class ModelCheckpointUsage implements CheckpointUsage {

  private final ModelRepository repository;

  ModelCheckpointUsage(ModelRepository repository) {
    this.repository = repository;
  }

  @Override
  public Optional<String> findUse(UUID checkpointId) {
    return repository.findByCheckpoint(checkpointId).stream()
        .findFirst()
        .map(v -> "model '" + v.model() + "' version " + v.version());
  }
}

package dev.residual.checkpoints;

import dev.residual.system.ConflictException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Asks every {@link CheckpointUsage} whether a checkpoint may go. */
final class CheckpointGuard {

  private final List<CheckpointUsage> usages;

  CheckpointGuard(List<CheckpointUsage> usages) {
    this.usages = List.copyOf(usages);
  }

  Optional<String> findUse(UUID id) {
    return usages.stream().flatMap(u -> u.findUse(id).stream()).findFirst();
  }

  boolean isInUse(UUID id) {
    return findUse(id).isPresent();
  }

  /** Throws a 409 naming the user if anything still needs the checkpoint. */
  void requireUnused(UUID id) {
    findUse(id)
        .ifPresent(
            use -> {
              throw new ConflictException(
                  "Checkpoint '" + id + "' is in use by " + use + " and cannot be deleted");
            });
  }
}

package dev.residual.checkpoints;

import java.util.Optional;
import java.util.UUID;

/**
 * Something that still needs a checkpoint's file, such as a model version being served. The store
 * asks every such bean before deleting a checkpoint and refuses (409) while any of them claims it.
 */
public interface CheckpointUsage {

  /**
   * Describes what uses the checkpoint, for the 409 message (e.g. {@code model 'pets' version 3}),
   * or empty when this component does not use it.
   */
  Optional<String> findUse(UUID checkpointId);
}

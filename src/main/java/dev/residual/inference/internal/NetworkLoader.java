package dev.residual.inference.internal;

import dev.residual.checkpoints.CheckpointMetadata;
import java.util.UUID;

/** Loads a checkpoint's network on the serving engine. */
interface NetworkLoader {

  /**
   * The network of checkpoint {@code id}; the caller owns it.
   *
   * @throws Exception whatever the engine or the checkpoint store threw; nothing stays open then
   */
  LoadedNetwork load(UUID id, CheckpointMetadata metadata, ModelInput input) throws Exception;
}

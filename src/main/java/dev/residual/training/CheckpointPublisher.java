package dev.residual.training;

import java.util.UUID;

/**
 * Publishes a succeeded training job's best checkpoint as a new version of a model (the serving
 * module implements it). Called before the job's {@code done} goes out, so that a client that reads
 * {@code done} can use the version at once.
 */
public interface CheckpointPublisher {

  /**
   * Adds the checkpoint as the model's next version; a model's first version is loaded, warmed up
   * and activated before this returns.
   *
   * @return the version it became
   * @throws RuntimeException when the version could not be created or activated
   */
  Publication publish(String model, UUID checkpointId, String jobId);
}

package dev.residual.inference.registry;

import dev.residual.training.CheckpointPublisher;
import dev.residual.training.Publication;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes a succeeded training job's best checkpoint as a new version of the model its request
 * named in {@code publishAs}. The model's first version is loaded, warmed up and activated before
 * this returns; later ones wait for an explicit activation, as versions added through the API do.
 */
@Component
class PublishOnSuccess implements CheckpointPublisher {

  private static final Logger log = LoggerFactory.getLogger(PublishOnSuccess.class);

  private final ModelRegistry registry;

  PublishOnSuccess(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Publication publish(String model, UUID checkpointId, String jobId) {
    var version = registry.create(model, checkpointId, null);
    log.info(
        "Published checkpoint {} of job {} as model '{}' version {}{}",
        checkpointId,
        jobId,
        version.model(),
        version.version(),
        version.active() ? " (active)" : "");
    return Publication.published(version.model(), version.version(), version.active());
  }
}

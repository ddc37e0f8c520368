package dev.residual.inference.registry;

import dev.residual.training.TrainingJobSucceeded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes a succeeded training job's best checkpoint as a new version of the model its request
 * named in {@code publishAs}. The model's first version is activated; later ones wait for an
 * explicit activation, as versions added through the API do.
 */
@Component
class PublishOnSuccess {

  private static final Logger log = LoggerFactory.getLogger(PublishOnSuccess.class);

  private final ModelRegistry registry;

  PublishOnSuccess(ModelRegistry registry) {
    this.registry = registry;
  }

  @EventListener
  void on(TrainingJobSucceeded event) {
    if (event.publishAs() == null) {
      return;
    }
    if (event.bestCheckpointId() == null) {
      log.warn(
          "Job {} succeeded without a checkpoint; nothing to publish as '{}'",
          event.jobId(),
          event.publishAs());
      return;
    }
    try {
      var version =
          registry.create(event.publishAs(), event.bestCheckpointId(), null);
      log.info(
          "Published checkpoint {} of job {} as model '{}' version {}{}",
          event.bestCheckpointId(),
          event.jobId(),
          version.model(),
          version.version(),
          version.active() ? " (active)" : "");
    } catch (RuntimeException e) {
      // The job itself succeeded; a failed publication must not turn it into a failure.
      log.error("Could not publish job {} as model '{}'", event.jobId(), event.publishAs(), e);
    }
  }
}

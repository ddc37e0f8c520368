package dev.residual.inference.registry;

import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.inference.ModelDeployments;
import dev.residual.inference.registry.ModelRepository.ModelRow;
import dev.residual.inference.registry.ModelRepository.VersionRow;
import dev.residual.inference.registry.ModelViews.ModelDetails;
import dev.residual.inference.registry.ModelViews.ModelSummary;
import dev.residual.inference.registry.ModelViews.VersionView;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Turns registry rows into API views, with each version's checkpoint metadata. */
@Component
class ModelDescriber {

  private final CheckpointStore checkpoints;
  private final ModelDeployments deployments;

  ModelDescriber(CheckpointStore checkpoints, ModelDeployments deployments) {
    this.checkpoints = checkpoints;
    this.deployments = deployments;
  }

  ModelSummary summary(ModelRow model, List<VersionRow> versions) {
    return new ModelSummary(
        model.name(),
        model.activeVersion(),
        versions.isEmpty() ? null : versions.get(0).version(),
        versions.size(),
        model.createdAt(),
        model.updatedAt());
  }

  /** {@code versions} newest first, as the repository returns them. */
  ModelDetails details(ModelRow model, List<VersionRow> versions) {
    List<VersionView> views = versions.stream().map(v -> version(model, v)).toList();
    CheckpointMetadata shown =
        versions.stream()
            .filter(v -> Objects.equals(v.version(), model.activeVersion()))
            .findFirst()
            .or(() -> versions.stream().findFirst())
            .map(v -> checkpoints.find(v.checkpointId()).metadata())
            .orElse(null);
    return new ModelDetails(
        model.name(),
        model.activeVersion(),
        serving(model),
        shown == null ? null : shown.classes(),
        shown == null ? null : shown.inputShape(),
        views,
        model.createdAt(),
        model.updatedAt());
  }

  VersionView version(ModelRow model, VersionRow version) {
    Checkpoint checkpoint = checkpoints.find(version.checkpointId());
    return new VersionView(
        model.name(),
        version.version(),
        Objects.equals(model.activeVersion(), version.version()),
        checkpoint.id(),
        checkpoint.jobId(),
        checkpoint.epoch(),
        checkpoint.metadata().architecture(),
        checkpoint.metadata().metrics(),
        version.createdAt());
  }

  private String serving(ModelRow model) {
    if (model.activeVersion() == null) {
      return "none";
    }
    if (deployments.servedVersion(model.name()).filter(model.activeVersion()::equals).isPresent()) {
      return "ready";
    }
    return deployments.failure(model.name()).map(f -> "failed: " + f).orElse("loading");
  }
}

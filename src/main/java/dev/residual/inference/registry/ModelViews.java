package dev.residual.inference.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.models.ArchitectureSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What the model registry's endpoints take and return. */
final class ModelViews {

  /** Model names: lowercase, digits, dot, dash and underscore, as dataset names. */
  static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

  private ModelViews() {}

  /**
   * A new version of a model (the model is created with its first version).
   *
   * @param activate serve this version at once; by default only a model's first version is
   *     activated, later ones wait for {@code POST .../activate}
   */
  record CreateVersion(
      @NotNull
          @Pattern(regexp = NAME_PATTERN, message = "must be a model name")
          @Schema(example = "fashion")
          String name,
      @NotNull UUID checkpointId,
      @Schema(description = "Default: true for a model's first version, else false")
          @Nullable Boolean activate) {}

  /** One line of {@code GET /api/v1/models}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModelOverview", description = "A model in the list: its versions at a glance")
  record ModelSummary(
      String name,
      @Nullable Integer activeVersion,
      @Nullable Integer latestVersion,
      int versions,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * A model with its versions, newest first.
   *
   * @param serving the active version's state here: {@code ready}, {@code loading}, {@code failed:
   *     <reason>}, or {@code none} without an active version
   * @param classes class names in output order, of the active version (else the latest)
   * @param inputShape {@code [channels, height, width]} that images are resized to
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ModelDetails(
      String name,
      @Nullable Integer activeVersion,
      String serving,
      @Nullable List<String> classes,
      @Nullable List<Integer> inputShape,
      List<VersionView> versions,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * A version: the checkpoint it serves and where that came from.
   *
   * @param jobId the training job that wrote the checkpoint
   * @param epoch the epoch after which it was written
   * @param metrics that epoch's validation metrics (top1, top5, validLoss, ...)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ModelVersion", description = "A model version and the checkpoint it serves")
  record VersionView(
      String model,
      int version,
      boolean active,
      UUID checkpointId,
      @Nullable UUID jobId,
      int epoch,
      ArchitectureSpec architecture,
      Map<String, Double> metrics,
      Instant createdAt) {}
}

package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of each server-sent event of a job, one record per event type. The contract
 * documents them as named schemas, so that clients can decode each event by its type.
 */
public final class JobEventData {

  /** The event types, as sent in each event's {@code event} field. */
  public static final String STATUS = "status";

  public static final String BATCH = "batch";
  public static final String EPOCH = "epoch";
  public static final String CHECKPOINT = "checkpoint";
  public static final String DONE = "done";

  private JobEventData() {}

  /**
   * A {@code status} event: the job's new status.
   *
   * @param instance the replica that claimed the job, when RUNNING
   */
  @Schema(name = "JobStatusEvent", description = "A job's new status (event `status`)")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
      @Schema(description = "The replica that claimed the job, when RUNNING")
          @Nullable String instance) {}

  /** A {@code batch} event: progress within an epoch (an LR finder's iteration). */
  @Schema(
      name = "BatchEvent",
      description =
          "Progress within an epoch (event `batch`), throttled; an LR finder sends its iteration as"
              + " `batch` and its length as `batches`")
  public record Batch(
      @Schema(description = "1-based epoch") int epoch,
      @Schema(description = "1-based batch (LR finder: iteration)") int batch,
      @Schema(description = "Batches in the epoch (LR finder: iterations)") int batches,
      @Schema(description = "Training loss of the batch") double loss,
      @Schema(description = "Exponentially smoothed training loss") double smoothedLoss,
      double learningRate,
      double imagesPerSecond,
      @Schema(description = "Fraction of the whole job done, 0 to 1") double progress,
      @Schema(description = "Estimated seconds to the end of the job") double etaSeconds) {}

  // An {@code epoch} event is an EpochMetrics, also a row of the metrics history.

  /** A {@code checkpoint} event: a checkpoint was saved and recorded. */
  @Schema(name = "CheckpointEvent", description = "A checkpoint was saved (event `checkpoint`)")
  public record Checkpoint(UUID checkpointId, int epoch) {}

  /** A training job's {@code done} event, its last. */
  @Schema(
      name = "TrainingDoneEvent",
      description =
          "The last event of a training job (event `done`). With publishAs, `publication` names the"
              + " model version it published, which exists (and, as a model's first version, is"
              + " active) when this event is sent")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrainingDone(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
      @Schema(description = "Validation top-1 of the best epoch") @Nullable Double top1,
      @Schema(description = "Validation top-5 of the best epoch") @Nullable Double top5,
      @Nullable Integer bestEpoch,
      @Nullable UUID bestCheckpointId,
      @Schema(description = "Why the job failed") @Nullable String error,
      @Nullable Publication publication) {}

  /** An LR-finder job's {@code done} event: its result, or why it ended without one. */
  @Schema(
      name = "LrFinderDoneEvent",
      description = "The last event of an LR-finder job (event `done`): its curve and suggestions")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LrFinderDone(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
      @Schema(description = "Why the job failed") @Nullable String error,
      @Nullable Double suggestedLearningRate,
      @Nullable Double minimumLearningRate,
      @Nullable Integer iterations,
      @Schema(allowableValues = {"completed", "diverged", "not-finite"})
          @Nullable String stopReason,
      @Nullable Double seconds,
      @Nullable List<LrFinderResult.Point> points) {}
}

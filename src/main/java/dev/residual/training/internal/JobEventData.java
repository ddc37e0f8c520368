package dev.residual.training.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.residual.training.JobStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The data of a job's events, as stored in {@code job_event} and streamed: one record per type.
 * The {@code epoch} event's data is {@link dev.residual.training.EpochMetrics}.
 */
public final class JobEventData {

  private JobEventData() {}

  /**
   * {@code status}: the job's new status, and for {@code RUNNING} the instance that runs it.
   *
   * @param status the new status
   * @param instance the instance running the job, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(JobStatus status, @Nullable String instance) {

    public Status(JobStatus status) {
      this(status, null);
    }
  }

  /**
   * {@code batch}: progress within an epoch (a sweep's iteration for the LR finder).
   *
   * @param epoch 1-based epoch
   * @param batch batches done in the epoch
   * @param batches batches in the epoch
   * @param loss the batch's loss
   * @param smoothedLoss exponentially smoothed loss
   * @param learningRate the learning rate of the batch
   * @param imagesPerSecond training throughput
   * @param progress fraction of the whole job done
   * @param etaSeconds estimated seconds to the end of the job
   */
  public record Batch(
      int epoch,
      int batch,
      int batches,
      double loss,
      double smoothedLoss,
      double learningRate,
      double imagesPerSecond,
      double progress,
      double etaSeconds) {}

  /**
   * {@code checkpoint}: the checkpoint written at the end of an epoch.
   *
   * @param checkpointId the checkpoint
   * @param epoch epochs it completed
   */
  public record Checkpoint(UUID checkpointId, int epoch) {}

  /**
   * {@code done}: the terminal status, followed by what the run reports about itself.
   *
   * @param status the terminal status
   * @param summary a record whose fields follow {@code status}: {@link TrainingSummary}, the LR
   *     finder's result, {@link Failure}; or null
   */
  public record Done(JobStatus status, @JsonUnwrapped @Nullable Object summary) {}

  /**
   * What a failed job's {@code done} event says.
   *
   * @param error the failure's message
   */
  public record Failure(String error) {}

  /**
   * What a training job's {@code done} event reports: its best epoch's accuracy and checkpoint.
   *
   * @param top1 best validation top-1
   * @param top5 that epoch's top-5
   * @param bestEpoch that epoch
   * @param bestCheckpointId its checkpoint
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrainingSummary(
      @Nullable Double top1,
      @Nullable Double top5,
      @Nullable Integer bestEpoch,
      @Nullable UUID bestCheckpointId) {}
}

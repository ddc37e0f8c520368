package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A job as the API shows it: a training run ({@code kind} {@code train}) or a learning-rate sweep
 * ({@code lr-finder}); both share the queue, the events and the endpoints.
 *
 * @param kind {@code train} or {@code lr-finder}
 * @param request a training job's request with every default filled in (kind {@code train})
 * @param lrFinderRequest an LR-finder job's request with every default filled in (kind {@code
 *     lr-finder})
 * @param progress fraction of all training batches done, 0 to 1
 * @param latestMetrics the last finished epoch's metrics; absent before the first epoch ends and
 *     for an LR-finder job
 * @param bestMetrics the metrics of the epoch with the best validation top-1 (read back from its
 *     checkpoint after a restart, without the timings)
 * @param attempts how many times a worker started it (more than one after a crash)
 * @param lrFinder an LR-finder job's curve and suggestions, once it has succeeded
 * @param claimedBy the instance ({@code residual.training.instance-id}) that claimed the job last,
 *     which runs it while it is RUNNING; absent until a worker claims it
 * @param publication with {@code publishAs}, once the job succeeded: the model version it became,
 *     or why it could not be published
 * @param experiment the experiment, variant and seed the job is a cell of; absent for a job
 *     submitted on its own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJob(
    @Schema(format = "uuid") String id,
    @Schema(allowableValues = {JobKinds.TRAIN, JobKinds.LR_FINDER}) String kind,
    JobStatus status,
    @Schema(description = "A training job's request, with every default filled in (kind train)")
        TrainingJobRequest request,
    @Schema(
            description =
                "An LR-finder job's request, with every default filled in (kind lr-finder)")
        LrFinderRequest lrFinderRequest,
    int epochsCompleted,
    double progress,
    EpochMetrics latestMetrics,
    EpochMetrics bestMetrics,
    @Schema(format = "uuid") String bestCheckpointId,
    String error,
    int attempts,
    String claimedBy,
    boolean cancelRequested,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Double durationSeconds,
    LrFinderResult lrFinder,
    Publication publication,
    JobTag experiment) {}

package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A training job as the API shows it.
 *
 * @param request the submitted request with every default filled in
 * @param progress fraction of all training batches done, 0 to 1
 * @param latestMetrics the last finished epoch's metrics (trainLoss, validLoss, top1, top5, …)
 * @param bestMetrics the metrics of the epoch with the best validation top-1
 * @param attempts how many times a worker started it (more than one after a crash)
 * @param claimedBy the instance ({@code residual.training.instance-id}) that claimed the job last,
 *     which runs it while it is RUNNING; absent until a worker claims it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJob(
    String id,
    String kind,
    JobStatus status,
    TrainingJobRequest request,
    int epochsCompleted,
    double progress,
    Map<String, Object> latestMetrics,
    Map<String, Object> bestMetrics,
    String bestCheckpointId,
    String error,
    int attempts,
    String claimedBy,
    boolean cancelRequested,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Double durationSeconds) {}

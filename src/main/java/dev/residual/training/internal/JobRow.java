package dev.residual.training.internal;

import dev.residual.training.JobStatus;
import java.time.Instant;

/**
 * One row of {@code training_job}, JSON columns still as text.
 *
 * @param leaseOwner the instance running the job now, while it is RUNNING
 * @param claimedBy the instance that claimed the job last; kept after the job ends
 * @param experimentId the experiment the job is a cell of, if any, with its variant and seed
 */
public record JobRow(
    String id,
    String kind,
    JobStatus status,
    String dataset,
    String requestJson,
    String error,
    int attempts,
    boolean cancelRequested,
    String leaseOwner,
    Instant leaseExpiresAt,
    int epochsCompleted,
    double progress,
    String latestMetrics,
    String bestMetrics,
    String bestCheckpointId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String claimedBy,
    String publication,
    String experimentId,
    String experimentVariant,
    Long experimentSeed) {}

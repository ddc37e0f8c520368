package dev.residual.training.internal;

import dev.residual.training.JobStatus;
import java.time.Instant;

/** One row of {@code training_job}, JSON columns still as text. */
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
    Instant finishedAt) {}

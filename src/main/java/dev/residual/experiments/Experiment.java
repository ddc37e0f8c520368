package dev.residual.experiments;

import java.time.Instant;
import java.util.List;

/**
 * An experiment as {@code GET /api/v1/experiments/{id}} shows it.
 *
 * @param progress mean progress of its jobs (an ended job counts as done), 0 to 1
 * @param jobs how many jobs it expanded into
 * @param variants per variant: its jobs and the aggregated metrics
 */
public record Experiment(
    String id,
    String name,
    String preset,
    ExperimentStatus status,
    double progress,
    boolean cancelRequested,
    int jobs,
    Instant createdAt,
    ExperimentDefinition definition,
    List<VariantResult> variants) {}

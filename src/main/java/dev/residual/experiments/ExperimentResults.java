package dev.residual.experiments;

import java.util.List;

/**
 * {@code GET /api/v1/experiments/{id}/results}: one row per job and one per variant.
 *
 * @param headline the metrics the comparison is about
 */
public record ExperimentResults(
    String experimentId,
    String name,
    ExperimentStatus status,
    List<Metric> headline,
    List<JobResult> jobs,
    List<VariantResult> variants) {}

package dev.residual.experiments;

import java.time.Instant;
import java.util.List;

/** One line of {@code GET /api/v1/experiments}. */
public record ExperimentSummary(
    String id,
    String name,
    String preset,
    ExperimentStatus status,
    double progress,
    int jobs,
    Instant createdAt) {

  /** One page of experiments, newest first. */
  public record Page(List<ExperimentSummary> items, int page, int size, long total) {}
}

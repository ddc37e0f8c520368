package dev.residual.experiments;

import dev.residual.training.TrainingJobRequest;
import java.util.List;
import java.util.Map;

/**
 * One variant: its overrides, its jobs, and each metric aggregated over its succeeded jobs.
 *
 * @param n succeeded jobs, the ones the statistics are taken over
 * @param metrics every {@link Metric}, by key
 * @param curve per epoch: validation top-1, training and validation loss over the succeeded jobs
 */
public record VariantResult(
    String name,
    TrainingJobRequest overrides,
    int n,
    List<JobResult> jobs,
    Map<String, MetricStats> metrics,
    List<EpochPoint> curve) {

  /**
   * One epoch of a variant's mean curve.
   *
   * @param epoch 1-based
   */
  public record EpochPoint(
      int epoch, MetricStats top1, MetricStats trainLoss, MetricStats validLoss) {}
}

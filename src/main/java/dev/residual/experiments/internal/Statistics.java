package dev.residual.experiments.internal;

import dev.residual.experiments.MetricStats;
import java.util.List;
import java.util.Objects;

/** Mean and sample standard deviation of repeated runs. */
public final class Statistics {

  private Statistics() {}

  /**
   * The statistics of the values that are present; nulls (a job without the metric) are left out.
   * The standard deviation divides by n − 1, as for a sample of seeds, and is absent below two
   * values.
   */
  public static MetricStats of(List<Double> values) {
    List<Double> present = values.stream().filter(Objects::nonNull).toList();
    int n = present.size();
    if (n == 0) {
      return new MetricStats(0, null, null, present);
    }
    double sum = 0;
    for (double v : present) {
      sum += v;
    }
    double mean = sum / n;
    Double std = null;
    if (n > 1) {
      double squares = 0;
      for (double v : present) {
        squares += (v - mean) * (v - mean);
      }
      std = Math.sqrt(squares / (n - 1));
    }
    return new MetricStats(n, mean, std, present);
  }
}

package dev.residual.experiments.internal;

import dev.residual.experiments.ExperimentResults;
import dev.residual.experiments.JobResult;
import dev.residual.experiments.Metric;
import dev.residual.experiments.MetricStats;
import dev.residual.experiments.VariantResult;
import java.util.Locale;

/**
 * Results as CSV: one row per job ({@code row} = job), then one per variant ({@code row} = variant,
 * the metric columns holding means and the {@code …Std} columns standard deviations).
 */
public final class ResultsCsv {

  private ResultsCsv() {}

  public static String render(ExperimentResults results) {
    StringBuilder csv = new StringBuilder("row,variant,seed,jobId,status,n");
    for (Metric metric : Metric.values()) {
      csv.append(',').append(metric.key()).append(',').append(metric.key()).append("Std");
    }
    csv.append(",note\n");
    for (JobResult job : results.jobs()) {
      csv.append("job,").append(job.variant()).append(',').append(job.seed()).append(',');
      csv.append(job.jobId()).append(',').append(job.status()).append(',');
      for (Metric metric : Metric.values()) {
        csv.append(',').append(number(job.metrics().get(metric.key()))).append(',');
      }
      String note = job.secondSize() != null ? job.secondSize().notApplicable() : job.error();
      csv.append(',').append(quoted(note)).append('\n');
    }
    for (VariantResult variant : results.variants()) {
      csv.append("variant,").append(variant.name()).append(",,,,").append(variant.n());
      for (Metric metric : Metric.values()) {
        MetricStats stats = variant.metrics().get(metric.key());
        csv.append(',').append(number(stats.mean())).append(',').append(number(stats.std()));
      }
      csv.append(",\n");
    }
    return csv.toString();
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString(value.longValue());
    }
    return String.format(Locale.ROOT, "%.6g", value);
  }

  private static String quoted(String text) {
    if (text == null) {
      return "";
    }
    return '"' + text.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + '"';
  }
}

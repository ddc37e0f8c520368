package dev.residual.experiments.internal;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetSummary;
import dev.residual.experiments.ExperimentDefinition;
import dev.residual.experiments.ExperimentVariant;
import dev.residual.experiments.JobResult;
import dev.residual.experiments.Metric;
import dev.residual.experiments.MetricStats;
import dev.residual.experiments.SecondSizeResult;
import dev.residual.experiments.VariantResult;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ModelSummaries;
import dev.residual.models.ModelSummary;
import dev.residual.training.EpochMetrics;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingJob;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads each job's metrics and aggregates them per variant. Statistics are taken over a variant's
 * succeeded jobs only, so that a cancelled or failed seed never pulls a mean down unnoticed: it
 * shows in the variant's jobs and in {@code n}.
 */
@Component
public class ResultsAssembler {

  private final TrainingJobService trainingJobs;
  private final ArchitectureResolver architectures;
  private final DatasetCatalog datasets;

  ResultsAssembler(
      TrainingJobService trainingJobs,
      ArchitectureResolver architectures,
      DatasetCatalog datasets) {
    this.trainingJobs = trainingJobs;
    this.architectures = architectures;
    this.datasets = datasets;
  }

  /** The jobs' rows, in the definition's order of variants, then by seed. */
  public List<JobResult> jobs(List<TrainingJob> jobs, Map<String, SecondSizeResult> evaluations) {
    Map<String, ModelSummary> summaries = new LinkedHashMap<>();
    List<JobResult> rows = new ArrayList<>();
    for (TrainingJob job : jobs) {
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      EpochMetrics best = job.bestMetrics();
      if (best != null) {
        put(values, Metric.BEST_TOP1, best.top1());
        put(values, Metric.BEST_TOP5, best.top5());
      }
      EpochMetrics latest = job.latestMetrics();
      if (latest != null) {
        put(values, Metric.LAST_TOP1, latest.top1());
        put(values, Metric.LAST_TOP5, latest.top5());
        put(values, Metric.LAST_TRAIN_LOSS, latest.trainLoss());
        put(values, Metric.LAST_VALID_LOSS, latest.validLoss());
        put(values, Metric.IMAGES_PER_SECOND, latest.imagesPerSecond());
      }
      if (job.status().isTerminal() && job.durationSeconds() != null) {
        values.put(Metric.SECONDS, job.durationSeconds());
      }
      ModelSummary summary =
          summaries.computeIfAbsent(job.experiment().variant(), v -> summarize(job));
      if (summary != null) {
        values.put(Metric.PARAMETERS, (double) summary.parameters());
        values.put(Metric.MULTIPLY_ACCUMULATES, (double) summary.multiplyAccumulates());
      }
      SecondSizeResult second = evaluations.get(job.id());
      if (second != null && second.top1() != null) {
        values.put(Metric.SECOND_SIZE_TOP1, second.top1());
      }
      Map<String, Double> byKey = new LinkedHashMap<>();
      values.forEach((metric, value) -> byKey.put(metric.key(), value));
      rows.add(
          new JobResult(
              job.id(),
              job.experiment().variant(),
              job.experiment().seed(),
              job.status(),
              job.epochsCompleted(),
              job.progress(),
              job.error(),
              byKey,
              second));
    }
    return rows;
  }

  /** Every variant of the definition with its jobs and statistics. */
  public List<VariantResult> variants(ExperimentDefinition definition, List<JobResult> jobs) {
    List<VariantResult> variants = new ArrayList<>();
    for (ExperimentVariant variant : definition.variants()) {
      List<JobResult> own = jobs.stream().filter(j -> j.variant().equals(variant.name())).toList();
      List<JobResult> succeeded =
          own.stream().filter(j -> j.status() == JobStatus.SUCCEEDED).toList();
      Map<String, MetricStats> metrics = new LinkedHashMap<>();
      for (Metric metric : Metric.values()) {
        metrics.put(
            metric.key(),
            Statistics.of(succeeded.stream().map(j -> j.metrics().get(metric.key())).toList()));
      }
      variants.add(
          new VariantResult(
              variant.name(),
              variant.overrides(),
              succeeded.size(),
              own,
              metrics,
              curve(succeeded)));
    }
    return variants;
  }

  /** Per epoch, the statistics over the succeeded jobs that reached it. */
  private List<VariantResult.EpochPoint> curve(List<JobResult> succeeded) {
    Map<Integer, List<EpochMetrics>> byEpoch = new TreeMap<>();
    for (JobResult job : succeeded) {
      for (EpochMetrics epoch : trainingJobs.epochs(job.jobId())) {
        byEpoch.computeIfAbsent(epoch.epoch(), e -> new ArrayList<>()).add(epoch);
      }
    }
    List<VariantResult.EpochPoint> points = new ArrayList<>();
    byEpoch.forEach(
        (epoch, rows) ->
            points.add(
                new VariantResult.EpochPoint(
                    epoch,
                    stats(rows, EpochMetrics::top1),
                    stats(rows, EpochMetrics::trainLoss),
                    stats(rows, EpochMetrics::validLoss))));
    return points;
  }

  private static MetricStats stats(List<EpochMetrics> rows, ToDoubleFunction<EpochMetrics> value) {
    return Statistics.of(rows.stream().map(r -> finite(value.applyAsDouble(r))).toList());
  }

  private ModelSummary summarize(TrainingJob job) {
    TrainingJobRequest request = job.request();
    if (request == null || request.imageSize() == null) {
      return null;
    }
    try {
      DatasetSummary dataset = datasets.describe(request.dataset());
      int channels = dataset.imageShape().get(0);
      return ModelSummaries.of(
          architectures.resolve(request.architecture()),
          channels,
          request.imageSize(),
          request.imageSize(),
          dataset.classes().size());
    } catch (RuntimeException e) {
      // A dataset deleted since: the job's other metrics still stand.
      return null;
    }
  }

  /** Puts a measured value; NaN (nothing validated) and an unknown timing leave the metric out. */
  private static void put(Map<Metric, Double> values, Metric metric, @Nullable Double value) {
    Double kept = finite(value);
    if (kept != null) {
      values.put(metric, kept);
    }
  }

  private static @Nullable Double finite(@Nullable Double value) {
    return value != null && Double.isFinite(value) ? value : null;
  }
}

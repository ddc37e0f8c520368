package dev.residual.experiments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.experiments.ExperimentDefinition;
import dev.residual.experiments.ExperimentVariant;
import dev.residual.experiments.JobResult;
import dev.residual.experiments.Metric;
import dev.residual.experiments.VariantResult;
import dev.residual.models.ArchitectureResolver;
import dev.residual.training.EpochMetrics;
import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.JobTag;
import dev.residual.training.TrainingJob;
import dev.residual.training.TrainingJobService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Typed metrics into per-job values and per-variant statistics, with the training jobs mocked. */
class ResultsAssemblerTest {

  private final TrainingJobService trainingJobs = mock(TrainingJobService.class);
  private final ResultsAssembler assembler =
      new ResultsAssembler(
          trainingJobs, mock(ArchitectureResolver.class), mock(DatasetCatalog.class));

  @Test
  void readsBestAndLatestMetricsAndLeavesOutWhatWasNotMeasured() {
    EpochMetrics best = new EpochMetrics(2, 0.4, 0.5, 0.9, 0.99, null, null);
    EpochMetrics latest = new EpochMetrics(3, 0.3, Double.NaN, 0.8, 0.95, 2.0, 500.0);
    TrainingJob finished = job("a", 1, JobStatus.SUCCEEDED, latest, best, 12.5);
    TrainingJob queued = job("a", 2, JobStatus.QUEUED, null, null, null);

    List<JobResult> rows = assembler.jobs(List.of(finished, queued), Map.of());

    assertThat(rows.get(0).metrics())
        .containsOnly(
            Map.entry(Metric.BEST_TOP1.key(), 0.9),
            Map.entry(Metric.BEST_TOP5.key(), 0.99),
            Map.entry(Metric.LAST_TOP1.key(), 0.8),
            Map.entry(Metric.LAST_TOP5.key(), 0.95),
            Map.entry(Metric.LAST_TRAIN_LOSS.key(), 0.3),
            Map.entry(Metric.IMAGES_PER_SECOND.key(), 500.0),
            Map.entry(Metric.SECONDS.key(), 12.5));
    assertThat(rows.get(1).metrics()).isEmpty();
  }

  @Test
  void curveAveragesEachEpochOverTheSucceededJobsThatReachedIt() {
    TrainingJob one = job("a", 1, JobStatus.SUCCEEDED, null, null, 1.0);
    TrainingJob two = job("a", 2, JobStatus.SUCCEEDED, null, null, 1.0);
    given(trainingJobs.epochs(one.id()))
        .willReturn(
            List.of(
                new EpochMetrics(1, 1.0, 1.2, 0.5, 0.9, 1.0, 10.0),
                new EpochMetrics(2, 0.5, 0.8, 0.7, 0.95, 1.0, 10.0)));
    given(trainingJobs.epochs(two.id()))
        .willReturn(List.of(new EpochMetrics(1, 0.8, Double.NaN, 0.3, 0.8, 1.0, 10.0)));
    ExperimentDefinition definition =
        new ExperimentDefinition(
            "test",
            null,
            null,
            List.of(new ExperimentVariant("a", null)),
            List.of(1L, 2L),
            null,
            List.of(Metric.BEST_TOP1));

    VariantResult variant =
        assembler.variants(definition, assembler.jobs(List.of(one, two), Map.of())).get(0);

    assertThat(variant.curve()).extracting(VariantResult.EpochPoint::epoch).containsExactly(1, 2);
    VariantResult.EpochPoint first = variant.curve().get(0);
    assertThat(first.top1().values()).containsExactly(0.5, 0.3);
    assertThat(first.trainLoss().mean()).isEqualTo(0.9);
    assertThat(first.validLoss().values()).as("NaN: nothing validated").containsExactly(1.2);
    assertThat(variant.curve().get(1).top1().values()).containsExactly(0.7);
  }

  private static TrainingJob job(
      String variant,
      long seed,
      JobStatus status,
      EpochMetrics latest,
      EpochMetrics best,
      Double seconds) {
    Instant now = Instant.now();
    return new TrainingJob(
        UUID.randomUUID().toString(),
        JobKinds.TRAIN,
        status,
        null,
        null,
        latest == null ? 0 : latest.epoch(),
        0,
        latest,
        best,
        null,
        null,
        1,
        null,
        false,
        now,
        now,
        status.isTerminal() ? now : null,
        seconds,
        null,
        null,
        new JobTag("e", variant, seed));
  }
}

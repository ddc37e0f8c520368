package dev.residual.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.inference.internal.TinyCheckpoints;
import dev.residual.system.ConflictException;
import dev.residual.system.DomainException;
import dev.residual.system.EngineInfo;
import dev.residual.system.ProblemStatus;
import dev.residual.system.ServiceBusyException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.node.JsonNodeFactory;

/** One evaluation at a time: a second one meanwhile is a 503 with Retry-After, not a queue. */
class CheckpointEvaluationsTest {

  private final CheckpointStore checkpoints = mock(CheckpointStore.class);
  private final DatasetCatalog datasets = mock(DatasetCatalog.class);
  private final CheckpointEvaluations evaluations =
      new CheckpointEvaluations(checkpoints, new CheckpointNetworks(checkpoints), datasets);

  @AfterEach
  void shutdown() {
    evaluations.shutdown();
  }

  @Test
  void aSecondEvaluationWhileOneRunsIsBusyAndTheFirstKeepsItsOwnError() throws Exception {
    UUID id = UUID.randomUUID();
    var metadata =
        TinyCheckpoints.metadata(TinyCheckpoints.TINY, 1, 28, TinyCheckpoints.classes(10));
    given(checkpoints.find(id))
        .willReturn(
            new Checkpoint(
                id, UUID.randomUUID(), 1, "0".repeat(64), 1, 0.5, Instant.now(), metadata));
    given(datasets.exists("fashion-mnist")).willReturn(true);
    given(datasets.describe("fashion-mnist"))
        .willReturn(
            new DatasetSummary(
                "fashion-mnist",
                "idx",
                DatasetStatus.AVAILABLE,
                TinyCheckpoints.classes(10),
                List.of(1, 28, 28),
                60_000,
                10_000,
                null,
                null));
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    given(datasets.load("fashion-mnist"))
        .willAnswer(
            call -> {
              loading.countDown();
              release.await(10, TimeUnit.SECONDS);
              throw new ConflictException(
                  "dataset 'fashion-mnist' is not available on this server");
            });
    EvaluationRequest request = new EvaluationRequest("fashion-mnist", null, null, null);

    CompletableFuture<CheckpointEvaluation> first =
        CompletableFuture.supplyAsync(() -> evaluations.evaluate(id, request));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> evaluations.evaluate(id, request))
        .isInstanceOfSatisfying(
            ServiceBusyException.class,
            busy -> {
              assertThat(ProblemStatus.of(busy)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(busy.retryAfter()).isPositive();
            });

    release.countDown();
    assertThatThrownBy(first::join)
        .hasCauseInstanceOf(DomainException.class)
        .cause()
        .satisfies(
            e -> assertThat(ProblemStatus.of((DomainException) e)).isEqualTo(HttpStatus.CONFLICT));
    // The permit is back: the next one runs (and meets the same unavailable dataset).
    assertThatThrownBy(() -> evaluations.evaluate(id, request))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONFLICT));
  }

  @Test
  void theJobsBatchSizeAndLabelSmoothingAreTheDefaults() {
    CheckpointMetadata metadata =
        CheckpointMetadata.of(
            TinyCheckpoints.TINY,
            TinyCheckpoints.classes(10),
            List.of(1, 32, 32),
            new CheckpointMetadata.Normalization(List.of(0.28f), List.of(0.35f)),
            JsonNodeFactory.instance.objectNode().put("batchSize", 64).put("labelSmoothing", 0.1),
            2,
            Map.of("top1", 0.8),
            new EngineInfo("PyTorch", "2.7.1", "cpu()", 0),
            null);
    Checkpoint checkpoint =
        new Checkpoint(
            UUID.randomUUID(),
            UUID.randomUUID(),
            2,
            "0".repeat(64),
            1,
            0.8,
            Instant.now(),
            metadata);
    DatasetSummary dataset =
        new DatasetSummary(
            "fashion-mnist",
            "idx",
            DatasetStatus.AVAILABLE,
            TinyCheckpoints.classes(10),
            List.of(1, 28, 28),
            60_000,
            10_000,
            null,
            null);

    EvaluationPlan plan =
        EvaluationPlan.of(
            checkpoint, new EvaluationRequest("fashion-mnist", "train", 3, null), dataset);

    assertThat(plan.split()).isEqualTo("train");
    assertThat(plan.settings().batchSize()).isEqualTo(64);
    assertThat(plan.settings().labelSmoothing()).isEqualTo(0.1);
    assertThat(plan.settings().imageSize()).as("resized to the trained size").isEqualTo(32);
    assertThat(plan.settings().limitBatches()).isEqualTo(3);
    assertThat(plan.settings().normalization().mean()).containsExactly(0.28f);
    assertThat(
            EvaluationPlan.of(
                    checkpoint, new EvaluationRequest("fashion-mnist", null, null, 16), dataset)
                .settings()
                .batchSize())
        .isEqualTo(16);
  }
}

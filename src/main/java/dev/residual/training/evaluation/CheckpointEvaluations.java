package dev.residual.training.evaluation;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.LabeledDataset;
import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.ServiceBusyException;
import dev.residual.system.UnprocessableException;
import dev.residual.training.runner.ConfusionMatrix;
import dev.residual.training.runner.Evaluator;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Evaluates checkpoints on dataset splits, one at a time per instance on a thread of its own; a
 * request that finds it busy gets a 503 with {@code Retry-After} instead of a place in a queue.
 */
@Service
public class CheckpointEvaluations {

  private static final Logger log = LoggerFactory.getLogger(CheckpointEvaluations.class);

  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private final CheckpointStore checkpoints;
  private final CheckpointNetworks networks;
  private final DatasetCatalog datasets;
  private final Semaphore permit = new Semaphore(1);
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("checkpoint-evaluation"));

  CheckpointEvaluations(
      CheckpointStore checkpoints, CheckpointNetworks networks, DatasetCatalog datasets) {
    this.checkpoints = checkpoints;
    this.networks = networks;
    this.datasets = datasets;
  }

  /**
   * Evaluates the checkpoint.
   *
   * @throws DomainException 404 unknown checkpoint, 400 unknown or unfit dataset, 409 a dataset
   *     that is not downloaded, 503 while another evaluation runs
   */
  public CheckpointEvaluation evaluate(UUID checkpointId, EvaluationRequest request) {
    return evaluate(checkpointId, request, null);
  }

  /**
   * Evaluates the checkpoint on images resized to {@code imageSize} instead of the size it was
   * trained at (null keeps that size); only a network with an adaptive-pooling head takes another
   * size.
   *
   * @throws DomainException as {@link #evaluate(UUID, EvaluationRequest)}
   */
  public CheckpointEvaluation evaluate(
      UUID checkpointId, EvaluationRequest request, Integer imageSize) {
    Checkpoint checkpoint = checkpoints.find(checkpointId);
    if (!datasets.exists(request.dataset())) {
      throw InvalidRequestException.field(
          "dataset", "unknown dataset '" + request.dataset() + "'; see GET /api/v1/datasets");
    }
    EvaluationPlan plan =
        EvaluationPlan.of(checkpoint, request, datasets.describe(request.dataset()))
            .atImageSize(imageSize);
    if (!permit.tryAcquire()) {
      throw new ServiceBusyException(
          "Another evaluation is running on this instance; try again later", RETRY_AFTER);
    }
    try {
      Future<CheckpointEvaluation> result = executor.submit(() -> run(plan));
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          "Evaluation failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceBusyException("The evaluation was interrupted", RETRY_AFTER);
    } finally {
      permit.release();
    }
  }

  private CheckpointEvaluation run(EvaluationPlan plan) {
    LabeledDataset dataset = datasets.load(plan.dataset());
    ImageSplit split = "train".equals(plan.split()) ? dataset.train() : dataset.valid();
    if (split.count() == 0) {
      throw InvalidRequestException.field(
          "split", "the dataset's " + plan.split() + " split has no images");
    }
    CheckpointMetadata metadata = plan.checkpoint().metadata();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = load(plan.checkpoint(), manager);
      Evaluator.Evaluation e =
          Evaluator.run(block, split, metadata.classes().size(), plan.settings(), manager);
      log.info(
          "Evaluated checkpoint {} on {}/{}: {} images, top-1 {}, in {} s",
          plan.checkpoint().id(),
          plan.dataset(),
          plan.split(),
          e.images(),
          e.top1(),
          e.seconds());
      return response(plan, e);
    }
  }

  private Block load(Checkpoint checkpoint, NDManager manager) {
    try {
      return networks.load(checkpoint.id(), checkpoint.metadata(), manager);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read checkpoint " + checkpoint.id(), e);
    } catch (MalformedModelException e) {
      throw new UnprocessableException(
          "Checkpoint cannot be evaluated",
          "Its parameters do not fit its architecture: " + e.getMessage());
    }
  }

  private static CheckpointEvaluation response(EvaluationPlan plan, Evaluator.Evaluation e) {
    List<String> labels = plan.checkpoint().metadata().classes();
    ConfusionMatrix confusion = e.confusion();
    List<CheckpointEvaluation.ClassAccuracy> perClass = new ArrayList<>();
    for (int c = 0; c < confusion.classes(); c++) {
      perClass.add(
          new CheckpointEvaluation.ClassAccuracy(
              c, labels.get(c), confusion.accuracy(c), confusion.count(c)));
    }
    return new CheckpointEvaluation(
        plan.checkpoint().id(),
        plan.dataset(),
        plan.split(),
        e.images(),
        e.batches(),
        plan.settings().batchSize(),
        plan.settings().labelSmoothing(),
        e.loss(),
        e.top1(),
        e.top5(),
        perClass,
        confusion.counts(),
        e.seconds());
  }

  @PreDestroy
  void shutdown() {
    executor.shutdownNow();
  }
}

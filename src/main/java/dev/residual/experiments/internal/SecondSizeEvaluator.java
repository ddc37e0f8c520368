package dev.residual.experiments.internal;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.experiments.ExperimentDefinition;
import dev.residual.experiments.SecondSizeResult;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.HeadType;
import dev.residual.models.LayerSummary;
import dev.residual.models.ModelSummaries;
import dev.residual.system.ServiceBusyException;
import dev.residual.training.TrainingJob;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobService;
import dev.residual.training.TrainingJobSucceeded;
import dev.residual.training.evaluation.CheckpointEvaluation;
import dev.residual.training.evaluation.CheckpointEvaluations;
import dev.residual.training.evaluation.EvaluationRequest;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * When a job of an experiment that asks for it succeeds, evaluates its best checkpoint on the
 * validation images at the experiment's second input size, with the job's own validation batches. A
 * network with a flatten head cannot take another size: that is recorded as not applicable, with
 * the reason, instead of being tried and failing.
 */
@Component
class SecondSizeEvaluator {

  private static final Logger log = LoggerFactory.getLogger(SecondSizeEvaluator.class);
  private static final int TRIES = 30;

  private final TrainingJobService trainingJobs;
  private final ExperimentRepository experiments;
  private final CheckpointEvaluations evaluations;
  private final ArchitectureResolver architectures;
  private final DatasetCatalog datasets;
  private final JsonMapper json;

  SecondSizeEvaluator(
      TrainingJobService trainingJobs,
      ExperimentRepository experiments,
      CheckpointEvaluations evaluations,
      ArchitectureResolver architectures,
      DatasetCatalog datasets,
      JsonMapper json) {
    this.trainingJobs = trainingJobs;
    this.experiments = experiments;
    this.evaluations = evaluations;
    this.architectures = architectures;
    this.datasets = datasets;
    this.json = json;
  }

  @EventListener
  void on(TrainingJobSucceeded event) {
    TrainingJob job = trainingJobs.get(event.jobId().toString());
    if (job.experiment() == null || event.bestCheckpointId() == null) {
      return;
    }
    experiments
        .find(job.experiment().experimentId())
        .map(row -> json.readValue(row.definitionJson(), ExperimentDefinition.class))
        .filter(definition -> definition.evaluateAtImageSize() != null)
        .ifPresent(
            definition ->
                evaluate(
                    job, event.bestCheckpointId().toString(), definition.evaluateAtImageSize()));
  }

  private void evaluate(TrainingJob job, String checkpointId, int size) {
    TrainingJobRequest request = (TrainingJobRequest) job.request();
    try {
      String reason = notApplicable(request, size);
      SecondSizeResult result =
          reason != null
              ? new SecondSizeResult(size, null, null, null, reason)
              : measured(request, checkpointId, size);
      experiments.saveEvaluation(job.id(), result);
    } catch (RuntimeException e) {
      log.warn("Evaluating job {} at {} px failed; its other results stand", job.id(), size, e);
    }
  }

  /** Why the job's network cannot take {@code size} images, or null if it can. */
  private String notApplicable(TrainingJobRequest request, int size) {
    ArchitectureSpec spec = architectures.resolve(request.architecture());
    if (spec.head() != HeadType.FLATTEN || size == request.imageSize()) {
      return null;
    }
    var dataset = datasets.describe(request.dataset());
    int channels = dataset.imageShape().get(0);
    int classes = dataset.classes().size();
    long trained = flattenedFeatures(spec, channels, request.imageSize(), classes);
    long other = flattenedFeatures(spec, channels, size, classes);
    return "a flatten head's Linear layer takes exactly the "
        + trained
        + " features of a "
        + request.imageSize()
        + "×"
        + request.imageSize()
        + " input; a "
        + size
        + "×"
        + size
        + " input gives "
        + other
        + ", so the network cannot run at that size";
  }

  private static long flattenedFeatures(
      ArchitectureSpec spec, int channels, int side, int classes) {
    List<LayerSummary> layers = ModelSummaries.of(spec, channels, side, side, classes).layers();
    return layers.stream()
        .filter(l -> l.name().contains("Flatten"))
        .map(l -> l.outputShape().get(1))
        .findFirst()
        .orElse(-1L);
  }

  private SecondSizeResult measured(TrainingJobRequest request, String checkpointId, int size) {
    EvaluationRequest evaluation =
        new EvaluationRequest(
            request.dataset(), "valid", request.limitValidBatches(), request.batchSize());
    for (int attempt = 1; ; attempt++) {
      try {
        CheckpointEvaluation e =
            evaluations.evaluate(UUID.fromString(checkpointId), evaluation, size);
        return new SecondSizeResult(size, e.top1(), e.top5(), e.loss(), null);
      } catch (ServiceBusyException busy) {
        // Another evaluation holds this instance's one evaluation thread; wait for it.
        if (attempt >= TRIES) {
          throw busy;
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw busy;
        }
      }
    }
  }
}

package dev.residual.training.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.ResNets;
import dev.residual.training.JobId;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobSucceeded;
import dev.residual.training.runner.Augmentation;
import dev.residual.training.runner.ImageSizeStep;
import dev.residual.training.runner.OptimizerKind;
import dev.residual.training.runner.ScheduleKind;
import dev.residual.training.runner.TrainingOutcome;
import dev.residual.training.runner.TrainingResult;
import dev.residual.training.runner.TrainingRunner;
import dev.residual.training.runner.TrainingSettings;
import dev.residual.training.runner.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a training job: loads its dataset, builds its network, resumes from its latest checkpoint if
 * it has one, and trains with {@link TrainingRunner}; a {@link JobProgressRecorder} turns the run's
 * progress into events, checkpoints and metrics.
 */
@Component
class TrainingJobExecutor implements JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(TrainingJobExecutor.class);

  private final DatasetCatalog datasets;
  private final ArchitectureResolver architectures;
  private final CheckpointStore checkpoints;
  private final JobProgressRecorder.Factory recorders;
  private final JsonMapper json;
  private final TrainingMeters meters;

  TrainingJobExecutor(
      DatasetCatalog datasets,
      ArchitectureResolver architectures,
      CheckpointStore checkpoints,
      JobProgressRecorder.Factory recorders,
      JsonMapper json,
      TrainingMeters meters) {
    this.datasets = datasets;
    this.architectures = architectures;
    this.checkpoints = checkpoints;
    this.recorders = recorders;
    this.json = json;
    this.meters = meters;
  }

  @Override
  public Outcome execute(JobRow job, JobControl control) throws Exception {
    TrainingJobRequest request = json.readValue(job.requestJson(), TrainingJobRequest.class);
    UUID jobId = UUID.fromString(job.id());
    ArchitectureSpec spec = architectures.resolve(request.architecture());
    LabeledDataset dataset = datasets.loadDownloadingIfMissing(request.dataset());
    Normalization normalization = datasets.normalization(request.dataset());
    int channels = dataset.train().channels();
    int size = request.imageSize();

    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = ResNets.build(spec, channels, dataset.numClasses(), size, size);
      Optional<Checkpoint> latest = checkpoints.latestForJob(jobId);
      TrainingState resume = latest.isPresent() ? readState(latest.get()) : null;
      if (resume != null) {
        log.info(
            "Job {} resumes after epoch {} from checkpoint {}",
            job.id(),
            resume.epoch(),
            latest.get().id());
      }
      JobProgressRecorder recorder =
          recorders.create(job, control, request, spec, dataset, normalization, block);
      TrainingSettings settings = settings(request);
      int imagesPerBatch = Math.min(settings.batchSize(), dataset.train().count());
      TrainingRunner runner =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(dataset)
              .optNormalization(normalization)
              .addListener(recorders.batchEvents(job))
              .addListener(recorder)
              .addListener(meters.run(request.architecture(), imagesPerBatch))
              .optCancellation(control::shouldStop)
              .optResumeFrom(resume)
              .build();
      TrainingResult result = runner.run(block, manager);
      if (result.outcome() == TrainingOutcome.DIVERGED) {
        throw new IllegalStateException(
            "Training diverged: the loss became NaN or infinite in epoch "
                + (result.epochsCompleted() + 1)
                + "; try a lower learningRate");
      }
      return new Outcome(
          result.outcome() == TrainingOutcome.COMPLETED,
          recorder.summary(),
          new TrainingJobSucceeded(
              JobId.of(job.id()), recorder.bestCheckpointId(), request.publishAs()));
    }
  }

  private TrainingState readState(Checkpoint checkpoint) throws IOException {
    try (InputStream in =
        checkpoints.openPayload(checkpoint.id(), CheckpointStore.OPTIMIZER_STATE)) {
      return TrainingState.read(in);
    }
  }

  static TrainingSettings settings(TrainingJobRequest r) {
    return TrainingSettings.builder()
        .setEpochs(r.epochs())
        .setLearningRate(r.learningRate())
        .optBatchSize(r.batchSize())
        .optOptimizer(OptimizerKind.of(r.optimizer()))
        .optWeightDecay(r.weightDecay())
        .optImageSize(r.imageSize())
        .optSeed(r.seed())
        .optLimitTrainBatches(r.limitTrainBatches())
        .optLimitValidBatches(r.limitValidBatches())
        .optLabelSmoothing(r.labelSmoothing())
        .optSchedule(ScheduleKind.of(r.schedule()))
        .optPctStart(r.pctStart())
        .optDivFactor(r.divFactor())
        .optFinalDivFactor(r.finalDivFactor())
        .optMixup(r.mixup())
        .optAugmentation(augmentation(r.augment()))
        .optImageSizes(
            r.imageSizes() == null
                ? List.of()
                : r.imageSizes().stream()
                    .map(step -> new ImageSizeStep(step.fromEpoch(), step.size()))
                    .toList())
        .build();
  }

  static Augmentation augmentation(TrainingJobRequest.Augment a) {
    Augmentation.Crop crop =
        switch (a.crop()) {
          case "pad" -> Augmentation.Crop.PAD;
          case "random-resized" -> Augmentation.Crop.RANDOM_RESIZED;
          default -> Augmentation.Crop.NONE;
        };
    return new Augmentation(a.flip(), crop, a.padding(), a.minScale());
  }
}

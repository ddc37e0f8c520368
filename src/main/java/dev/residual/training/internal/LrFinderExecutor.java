package dev.residual.training.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.LabeledDataset;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.ResNets;
import dev.residual.training.LrFinderRequest;
import dev.residual.training.LrFinderResult;
import dev.residual.training.TrainingProperties;
import dev.residual.training.runner.LrFinder;
import dev.residual.training.runner.LrFinderSettings;
import dev.residual.training.runner.LrSuggester;
import dev.residual.training.runner.LrSweep;
import dev.residual.training.runner.OptimizerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an LR-finder job: a fresh network, an {@link LrFinder} sweep over the training split, and
 * fastai's suggestions. The result goes into the job's row (for its view) and into the summary the
 * {@code done} event reports. Nothing is checkpointed: a job that is interrupted starts over.
 */
@Component
class LrFinderExecutor implements JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(LrFinderExecutor.class);

  private final DatasetCatalog datasets;
  private final ArchitectureResolver architectures;
  private final JobRepository jobs;
  private final JobEventLog events;
  private final TrainingProperties properties;
  private final InstanceId owner;
  private final JsonMapper json;

  LrFinderExecutor(
      DatasetCatalog datasets,
      ArchitectureResolver architectures,
      JobRepository jobs,
      JobEventLog events,
      TrainingProperties properties,
      InstanceId owner,
      JsonMapper json) {
    this.datasets = datasets;
    this.architectures = architectures;
    this.jobs = jobs;
    this.events = events;
    this.properties = properties;
    this.owner = owner;
    this.json = json;
  }

  @Override
  public Outcome execute(JobRow job, JobControl control) throws Exception {
    LrFinderRequest request = json.readValue(job.requestJson(), LrFinderRequest.class);
    ArchitectureSpec spec = architectures.resolve(request.architecture());
    LabeledDataset dataset = datasets.loadDownloadingIfMissing(request.dataset());
    int size = request.imageSize();
    LrSweep sweep;
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block =
          ResNets.build(spec, dataset.train().channels(), dataset.numClasses(), size, size);
      sweep =
          LrFinder.builder()
              .setSettings(settings(request))
              .setData(dataset.train())
              .optNormalization(datasets.normalization(request.dataset()))
              .addListener(
                  new BatchEvents(
                      job.id(), owner.value(), events, jobs, properties.batchEventInterval()))
              .optCancellation(control::shouldStop)
              .build()
              .run(block, manager);
    }
    if (sweep.stop() == LrSweep.Stop.CANCELLED) {
      return new Outcome(false, null);
    }
    if (sweep.size() == 0) {
      throw new IllegalStateException(
          "The loss was not finite from the first batch (learning rate "
              + request.startLr()
              + "); try a lower startLr");
    }
    LrFinderResult result = result(sweep, request.numIterations());
    log.info(
        "LR finder {}: {} iterations ({}), suggests {} in {} s",
        job.id(),
        result.iterations(),
        result.stopReason(),
        result.suggestedLearningRate(),
        String.format(Locale.ROOT, "%.1f", result.seconds()));
    Instant now = Instant.now();
    jobs.updateProgress(job.id(), owner.value(), 0, 1.0, now);
    jobs.updateMetrics(job.id(), json.writeValueAsString(result), null, null, now);
    return new Outcome(true, result);
  }

  static LrFinderResult result(LrSweep sweep, int numIterations) {
    double[] lrs = sweep.learningRates();
    double[] losses = sweep.losses();
    Optional<LrSuggester.Suggestion> suggestion = LrSuggester.suggest(lrs, losses, numIterations);
    List<LrFinderResult.Point> points = new ArrayList<>(lrs.length);
    for (int i = 0; i < lrs.length; i++) {
      points.add(new LrFinderResult.Point(lrs[i], losses[i]));
    }
    return new LrFinderResult(
        suggestion.map(LrSuggester.Suggestion::valley).orElse(null),
        suggestion.map(LrSuggester.Suggestion::minimum).orElse(null),
        lrs.length,
        sweep.stop().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        sweep.seconds(),
        points);
  }

  static LrFinderSettings settings(LrFinderRequest r) {
    return new LrFinderSettings(
        r.startLr(),
        r.endLr(),
        r.numIterations(),
        r.batchSize(),
        OptimizerKind.of(r.optimizer()),
        r.weightDecay(),
        r.imageSize(),
        r.seed(),
        LrFinderSettings.DEFAULT_MOMENTUM,
        r.labelSmoothing());
  }
}

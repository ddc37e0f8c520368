package dev.residual.training.internal;

import ai.djl.nn.Block;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.NewCheckpoint;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.EngineInfo;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingProperties;
import dev.residual.training.runner.BatchProgress;
import dev.residual.training.runner.EpochResult;
import dev.residual.training.runner.TrainingListener;
import dev.residual.training.runner.TrainingState;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one run's progress into what clients see: throttled {@code batch} events and progress,
 * and at the end of every epoch, in one transaction, the checkpoint's row, the {@code epoch} and
 * {@code checkpoint} events and the job's metrics. A crash before the commit leaves no trace but
 * an orphaned file (removed at start-up), so the resumed job redoes that epoch and reports it once.
 */
class JobProgressRecorder implements TrainingListener {

  private final JobRow job;
  private final UUID jobId;
  private final TrainingJobRequest request;
  private final ArchitectureSpec spec;
  private final LabeledDataset dataset;
  private final Normalization normalization;
  private final Block block;
  private final Factory deps;
  private final long batchIntervalNanos;
  private long lastBatchEvent;
  private EpochResult pendingEpoch;
  private Map<String, Object> best;
  private String bestCheckpointId;

  private JobProgressRecorder(
      JobRow job,
      TrainingJobRequest request,
      ArchitectureSpec spec,
      LabeledDataset dataset,
      Normalization normalization,
      Block block,
      Factory deps) {
    this.job = job;
    this.jobId = UUID.fromString(job.id());
    this.request = request;
    this.spec = spec;
    this.dataset = dataset;
    this.normalization = normalization;
    this.block = block;
    this.deps = deps;
    this.batchIntervalNanos = deps.properties.batchEventInterval().toNanos();
    this.lastBatchEvent = System.nanoTime() - batchIntervalNanos;
    deps.checkpoints
        .bestForJob(jobId)
        .ifPresent(
            c -> {
              best = new LinkedHashMap<>(c.metadata().metrics());
              bestCheckpointId = c.id().toString();
            });
  }

  @Override
  public void onBatch(BatchProgress p) {
    long now = System.nanoTime();
    if (now - lastBatchEvent < batchIntervalNanos) {
      return;
    }
    lastBatchEvent = now;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("epoch", p.epoch());
    data.put("batch", p.batch());
    data.put("batches", p.batches());
    data.put("loss", p.loss());
    data.put("smoothedLoss", p.smoothedLoss());
    data.put("learningRate", p.learningRate());
    data.put("imagesPerSecond", p.imagesPerSecond());
    data.put("progress", p.progress());
    data.put("etaSeconds", p.etaSeconds());
    deps.events.append(job.id(), "batch", data);
    deps.jobs.updateProgress(job.id(), deps.owner.value(), p.epoch() - 1, p.progress(), Instant.now());
  }

  @Override
  public void onEpoch(EpochResult result) {
    pendingEpoch = result;
  }

  @Override
  public void onCheckpoint(TrainingState state) {
    EpochResult epoch = pendingEpoch;
    Map<String, Object> metrics = TrainingJobExecutor.metricsOf(epoch);
    boolean improved = best == null || epoch.top1() > ((Number) best.get("top1")).doubleValue();
    NewCheckpoint checkpoint =
        new NewCheckpoint(
            jobId,
            epoch.epoch(),
            metadata(epoch),
            epoch.top1(),
            out -> block.saveParameters(new DataOutputStream(out)),
            state::write);
    deps.tx.executeWithoutResult(
        tx -> {
          Checkpoint saved;
          try {
            saved = deps.checkpoints.save(checkpoint);
          } catch (IOException e) {
            throw new UncheckedIOException("Could not save the checkpoint of epoch " + epoch.epoch(), e);
          }
          if (improved) {
            best = metrics;
            bestCheckpointId = saved.id().toString();
          }
          deps.events.append(job.id(), "epoch", metrics);
          deps.events.append(
              job.id(), "checkpoint", Map.of("checkpointId", saved.id().toString(), "epoch", epoch.epoch()));
          deps.jobs.updateProgress(
              job.id(), deps.owner.value(), epoch.epoch(), (double) epoch.epoch() / request.epochs(), Instant.now());
          deps.jobs.updateMetrics(
              job.id(), deps.json.writeValueAsString(metrics), deps.json.writeValueAsString(best), bestCheckpointId, Instant.now());
        });
    deps.checkpoints.applyRetention(jobId, request.keepCheckpoints());
  }

  /** What the {@code done} event reports: the best epoch's accuracy and its checkpoint. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (best != null) {
      summary.put("top1", best.get("top1"));
      summary.put("top5", best.get("top5"));
      summary.put("bestEpoch", best.get("epoch"));
    }
    if (bestCheckpointId != null) {
      summary.put("bestCheckpointId", bestCheckpointId);
    }
    return summary;
  }

  private CheckpointMetadata metadata(EpochResult epoch) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("epoch", (double) epoch.epoch());
    metrics.put("trainLoss", epoch.trainLoss());
    metrics.put("validLoss", epoch.validLoss());
    metrics.put("top1", epoch.top1());
    metrics.put("top5", epoch.top5());
    int size = request.imageSizeAt(epoch.epoch() - 1);
    return CheckpointMetadata.of(
        spec,
        dataset.classes(),
        List.of(dataset.train().channels(), size, size),
        new CheckpointMetadata.Normalization(floats(normalization.mean()), floats(normalization.std())),
        deps.json.convertValue(request, new TypeReference<Map<String, Object>>() {}),
        epoch.epoch(),
        metrics,
        deps.engine);
  }

  private static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return list;
  }

  /** Creates one recorder per run with the collaborators they all share. */
  @Component
  static class Factory {

    private final JobRepository jobs;
    private final JobEventLog events;
    private final CheckpointStore checkpoints;
    private final TransactionTemplate tx;
    private final TrainingProperties properties;
    private final InstanceId owner;
    private final EngineInfo engine;
    private final JsonMapper json;

    Factory(
        JobRepository jobs,
        JobEventLog events,
        CheckpointStore checkpoints,
        TransactionTemplate tx,
        TrainingProperties properties,
        InstanceId owner,
        EngineInfo engine,
        JsonMapper json) {
      this.jobs = jobs;
      this.events = events;
      this.checkpoints = checkpoints;
      this.tx = tx;
      this.properties = properties;
      this.owner = owner;
      this.engine = engine;
      this.json = json;
    }

    JobProgressRecorder create(
        JobRow job,
        TrainingJobRequest request,
        ArchitectureSpec spec,
        LabeledDataset dataset,
        Normalization normalization,
        Block block) {
      return new JobProgressRecorder(job, request, spec, dataset, normalization, block, this);
    }
  }
}

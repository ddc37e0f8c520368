package dev.residual.training.internal;

import ai.djl.nn.Block;
import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.NewCheckpoint;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.DatabaseErrors;
import dev.residual.system.EngineInfo;
import dev.residual.training.EpochMetrics;
import dev.residual.training.JobEventData;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingProperties;
import dev.residual.training.runner.EpochResult;
import dev.residual.training.runner.TrainingListener;
import dev.residual.training.runner.TrainingState;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the end of every epoch of one run: in one transaction, the checkpoint's row, the {@code
 * epoch} and {@code checkpoint} events and the job's metrics ({@link BatchEvents} shows progress
 * within the epoch). A crash before the commit leaves no trace but an orphaned file (removed at
 * start-up), so the resumed job redoes that epoch and reports it once.
 *
 * <p>While the database is away, training waits at the end of the epoch until the database answers
 * again or the job is asked to stop. The epoch is recorded only while this instance still holds the
 * job's lease, and only once, even when a commit's answer was lost with the connection.
 */
class JobProgressRecorder implements TrainingListener {

  private static final Logger log = LoggerFactory.getLogger(JobProgressRecorder.class);

  private final JobRow job;
  private final JobControl control;
  private final UUID jobId;
  private final TrainingJobRequest request;
  private final RunDescription description;
  private final Block block;
  private final Factory deps;
  private EpochResult pendingEpoch;
  private EpochMetrics best;
  private UUID bestCheckpointId;

  private JobProgressRecorder(
      JobRow job, JobControl control, RunDescription description, Block block, Factory deps) {
    this.job = job;
    this.control = control;
    this.jobId = UUID.fromString(job.id());
    this.request = description.request();
    this.description = description;
    this.block = block;
    this.deps = deps;
    deps.checkpoints.bestForJob(jobId).ifPresent(this::useAsBest);
  }

  @Override
  public void onEpoch(EpochResult result) {
    pendingEpoch = result;
  }

  @Override
  public void onCheckpoint(TrainingState state) {
    EpochResult epoch = pendingEpoch;
    NewCheckpoint checkpoint =
        new NewCheckpoint(
            jobId,
            epoch.epoch(),
            description.forEpoch(epoch),
            epoch.top1(),
            out -> block.saveParameters(new DataOutputStream(out)),
            state::write);
    Recorded recorded =
        DatabaseRetry.untilDone(
            "record epoch " + epoch.epoch() + " of job " + job.id(),
            () -> deps.tx.execute(s -> record(epoch, checkpoint)),
            () -> !control.shouldStop());
    switch (recorded) {
      case LEASE_LOST -> control.stop(JobControl.StopReason.LEASE_LOST);
      case EARLIER -> deps.checkpoints.bestForJob(jobId).ifPresent(this::useAsBest);
      case NOW -> {}
    }
    try {
      deps.checkpoints.applyRetention(jobId, request.keepCheckpoints());
    } catch (RuntimeException e) {
      if (!DatabaseErrors.isUnavailable(e)) {
        throw e;
      }
      log.warn("Old checkpoints of job {} stay until its next epoch: {}", job.id(), e.getMessage());
    }
  }

  /** How a try to record an epoch ended. */
  private enum Recorded {
    /** Recorded by this call. */
    NOW,
    /** Recorded already: an earlier try committed, but its answer was lost with the connection. */
    EARLIER,
    /** Not recorded: another instance took the job over while the database was away. */
    LEASE_LOST
  }

  /** One transaction: checkpoint row, {@code epoch} and {@code checkpoint} events, job metrics. */
  private Recorded record(EpochResult epoch, NewCheckpoint checkpoint) {
    if (!deps.jobs.lockIfHeld(job.id(), deps.owner.value())) {
      return Recorded.LEASE_LOST;
    }
    int recordedEpoch = deps.checkpoints.latestForJob(jobId).map(Checkpoint::epoch).orElse(0);
    if (recordedEpoch >= epoch.epoch()) {
      return Recorded.EARLIER;
    }
    Checkpoint saved;
    try {
      saved = deps.checkpoints.save(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not save the checkpoint of epoch " + epoch.epoch(), e);
    }
    EpochMetrics metrics = EpochMetrics.of(epoch);
    boolean improved = best == null || epoch.top1() > best.top1();
    EpochMetrics newBest = improved ? metrics : best;
    UUID newBestId = improved ? saved.id() : bestCheckpointId;
    deps.events.append(job.id(), "epoch", metrics);
    deps.events.append(
        job.id(), "checkpoint", new JobEventData.Checkpoint(saved.id(), epoch.epoch()));
    deps.jobs.updateProgress(
        job.id(),
        deps.owner.value(),
        epoch.epoch(),
        (double) epoch.epoch() / request.epochs(),
        Instant.now());
    deps.jobs.updateMetrics(
        job.id(),
        deps.json.writeValueAsString(metrics),
        deps.json.writeValueAsString(newBest),
        newBestId == null ? null : newBestId.toString(),
        Instant.now());
    // Kept only once the transaction commits: a failed try must not leave a rolled-back best.
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            best = newBest;
            bestCheckpointId = newBestId;
          }
        });
    return Recorded.NOW;
  }

  private void useAsBest(Checkpoint checkpoint) {
    best = EpochMetrics.ofCheckpoint(checkpoint.metadata().metrics());
    bestCheckpointId = checkpoint.id();
  }

  /** What the {@code done} event reports: the best epoch's accuracy and its checkpoint. */
  TrainingSummary summary() {
    return new TrainingSummary(
        best == null ? null : best.top1(),
        best == null ? null : best.top5(),
        best == null ? null : best.epoch(),
        bestCheckpointId);
  }

  /** The checkpoint with the best validation top-1 so far, or null before the first. */
  UUID bestCheckpointId() {
    return bestCheckpointId;
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
        JobControl control,
        TrainingJobRequest request,
        ArchitectureSpec spec,
        LabeledDataset dataset,
        Normalization normalization,
        Block block) {
      RunDescription description =
          new RunDescription(spec, dataset, normalization, request, engine, json);
      return new JobProgressRecorder(job, control, description, block, this);
    }

    /** The run's {@code batch} events. */
    BatchEvents batchEvents(JobRow job) {
      return new BatchEvents(
          job.id(), owner.value(), events, jobs, properties.batchEventInterval());
    }
  }
}

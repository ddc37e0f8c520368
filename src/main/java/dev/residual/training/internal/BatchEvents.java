package dev.residual.training.internal;

import dev.residual.system.DatabaseErrors;
import dev.residual.training.JobEventData;
import dev.residual.training.runner.BatchProgress;
import dev.residual.training.runner.LrFinder;
import dev.residual.training.runner.TrainingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's {@code batch} events and progress, at most one per {@code batch-event-interval}, for
 * training ({@link TrainingListener}) and for the LR finder's sweep ({@link LrFinder.Listener},
 * whose iteration is the {@code batch} and whose length the {@code batches}). They only show
 * progress, so while the database is away they are skipped rather than waited for: the run goes on,
 * and the end of a training epoch is recorded by {@link JobProgressRecorder}.
 */
final class BatchEvents implements TrainingListener, LrFinder.Listener {

  private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);

  /** How long events pause after the database failed to take one. */
  static final Duration BACKOFF = Duration.ofSeconds(10);

  private final String jobId;
  private final String owner;
  private final JobEventLog events;
  private final JobRepository jobs;
  private final long intervalNanos;
  private long nextEvent;

  BatchEvents(
      String jobId, String owner, JobEventLog events, JobRepository jobs, Duration interval) {
    this.jobId = jobId;
    this.owner = owner;
    this.events = events;
    this.jobs = jobs;
    this.intervalNanos = interval.toNanos();
    this.nextEvent = System.nanoTime();
  }

  @Override
  public void onBatch(BatchProgress p) {
    record(
        p.epoch() - 1,
        () ->
            new JobEventData.Batch(
                p.epoch(),
                p.batch(),
                p.batches(),
                p.loss(),
                p.smoothedLoss(),
                p.learningRate(),
                p.imagesPerSecond(),
                p.progress(),
                p.etaSeconds()));
  }

  @Override
  public void onStep(LrFinder.Step step) {
    record(
        0,
        () ->
            new JobEventData.Batch(
                step.epoch(),
                step.iteration(),
                step.iterations(),
                step.loss(),
                step.smoothedLoss(),
                step.learningRate(),
                step.imagesPerSecond(),
                (double) step.iteration() / step.iterations(),
                step.etaSeconds()));
  }

  /** Appends the event and the job's progress, unless one was appended too recently. */
  private void record(int epochsDone, Supplier<JobEventData.Batch> event) {
    long now = System.nanoTime();
    if (now - nextEvent < 0) {
      return;
    }
    nextEvent = now + intervalNanos;
    JobEventData.Batch data = event.get();
    try {
      events.append(jobId, "batch", data);
      jobs.updateProgress(jobId, owner, epochsDone, data.progress(), Instant.now());
    } catch (RuntimeException e) {
      if (!DatabaseErrors.isUnavailable(e)) {
        throw e;
      }
      // Waiting for the pool's connection timeout at every batch would stall training.
      nextEvent = now + BACKOFF.toNanos();
      log.warn(
          "Skipping batch events of job {} for {} s: the database is unavailable",
          jobId,
          BACKOFF.toSeconds());
    }
  }
}

package dev.residual.training.internal;

import dev.residual.system.DatabaseErrors;
import dev.residual.training.runner.BatchProgress;
import dev.residual.training.runner.TrainingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's {@code batch} events and progress, at most one per {@code batch-event-interval}. They
 * only show progress, so while the database is away they are skipped rather than waited for:
 * training goes on, and the end of the epoch is recorded by {@link JobProgressRecorder}.
 */
final class BatchEvents implements TrainingListener {

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
    long now = System.nanoTime();
    if (now - nextEvent < 0) {
      return;
    }
    nextEvent = now + intervalNanos;
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
    try {
      events.append(jobId, "batch", data);
      jobs.updateProgress(jobId, owner, p.epoch() - 1, p.progress(), Instant.now());
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

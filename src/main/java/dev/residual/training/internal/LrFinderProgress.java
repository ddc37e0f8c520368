package dev.residual.training.internal;

import dev.residual.training.runner.LrFinder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a sweep's steps into throttled {@code batch} events, with the fields of a training job's
 * (the iteration is the {@code batch}, the sweep's length the {@code batches}), and the job's
 * progress.
 */
final class LrFinderProgress implements LrFinder.Listener {

  private final String jobId;
  private final String owner;
  private final JobEventLog events;
  private final JobRepository jobs;
  private final long intervalNanos;
  private long lastEvent;

  LrFinderProgress(
      String jobId, String owner, JobEventLog events, JobRepository jobs, long intervalNanos) {
    this.jobId = jobId;
    this.owner = owner;
    this.events = events;
    this.jobs = jobs;
    this.intervalNanos = intervalNanos;
    this.lastEvent = System.nanoTime() - intervalNanos;
  }

  @Override
  public void onStep(LrFinder.Step step) {
    long now = System.nanoTime();
    if (now - lastEvent < intervalNanos) {
      return;
    }
    lastEvent = now;
    double progress = (double) step.iteration() / step.iterations();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("epoch", step.epoch());
    data.put("batch", step.iteration());
    data.put("batches", step.iterations());
    data.put("loss", step.loss());
    data.put("smoothedLoss", step.smoothedLoss());
    data.put("learningRate", step.learningRate());
    data.put("imagesPerSecond", step.imagesPerSecond());
    data.put("progress", progress);
    data.put("etaSeconds", step.etaSeconds());
    events.append(jobId, "batch", data);
    jobs.updateProgress(jobId, owner, 0, progress, Instant.now());
  }
}

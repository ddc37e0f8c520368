package dev.residual.training.internal;

import dev.residual.models.Architectures;
import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.runner.BatchProgress;
import dev.residual.training.runner.EpochResult;
import dev.residual.training.runner.TrainingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The training queue's meters: jobs by kind and status (one global value read from the database,
 * the same on every instance), queue wait, busy workers, requeues, outcomes, and the throughput and
 * epoch time of training runs. No job id is ever a tag: custom architectures count as {@code
 * custom}.
 */
@Component
class TrainingMeters {

  /** How long one read of the job counts serves the {@code residual.jobs} gauges. */
  static final Duration JOB_COUNTS_TTL = Duration.ofSeconds(5);

  /** The tag of every architecture given as a spec rather than by name. */
  static final String CUSTOM = "custom";

  private static final Logger log = LoggerFactory.getLogger(TrainingMeters.class);
  private static final List<String> KINDS = List.of(JobKinds.TRAIN, JobKinds.LR_FINDER);

  private final MeterRegistry registry;
  private final JobRepository jobs;
  private final Set<JobRepository.KindStatus> gauged = ConcurrentHashMap.newKeySet();
  private volatile Map<JobRepository.KindStatus, Long> counts = Map.of();
  private volatile long countsReadAt;

  TrainingMeters(MeterRegistry registry, JobRepository jobs) {
    this.registry = registry;
    this.jobs = jobs;
    // Every series from the start, at 0, so that rate() and increase() see the first event.
    for (String kind : KINDS) {
      for (JobStatus status : JobStatus.values()) {
        gauge(new JobRepository.KindStatus(kind, status.name()));
        if (status.isTerminal()) {
          outcomes(kind, status);
        }
      }
    }
    for (Requeue reason : Requeue.values()) {
      requeues(reason);
    }
    // One series per architecture tag, so a run's first images are an increase from 0.
    for (String architecture : Architectures.named().keySet()) {
      images(architecture);
    }
    images(CUSTOM);
  }

  /** Registers the gauges of this instance's workers: configured and busy. */
  void workers(int configured, IntSupplier busy) {
    Gauge.builder("residual.training.workers", () -> configured)
        .description("Training workers configured on this instance")
        .register(registry);
    Gauge.builder("residual.training.workers.busy", busy::getAsInt)
        .description("Training workers of this instance running a job now")
        .register(registry);
  }

  /** A worker claimed a job for the first time: its wait from submission. */
  void claimed(JobRow job, Instant now) {
    if (job.startedAt() != null) {
      return; // resumed after a requeue or takeover: its first wait was recorded then
    }
    Duration wait = Duration.between(job.createdAt(), now);
    Timer.builder("residual.job.queue.wait")
        .description("Time from a job's submission to its first claim by a worker")
        .tags("kind", job.kind())
        .serviceLevelObjectives(
            seconds(0.1),
            seconds(0.5),
            seconds(1),
            seconds(5),
            seconds(15),
            seconds(60),
            seconds(300),
            seconds(900),
            seconds(1800),
            seconds(3600),
            seconds(7200),
            seconds(21600),
            seconds(86400))
        .register(registry)
        .record(wait.isNegative() ? Duration.ZERO : wait);
  }

  /** Why a running job went back to the queue. */
  enum Requeue {
    /** Its holder's lease expired and a worker (of any instance) took it over. */
    LEASE_TAKEOVER("lease-takeover"),
    /** The database went away under the run. */
    OUTAGE("outage"),
    /** Its instance stopped gracefully. */
    SHUTDOWN("shutdown");

    private final String tag;

    Requeue(String tag) {
      this.tag = tag;
    }
  }

  void requeued(Requeue reason) {
    requeues(reason).increment();
  }

  private Counter requeues(Requeue reason) {
    return Counter.builder("residual.job.requeues")
        .description("Running jobs that went back to the queue or were taken over, by reason")
        .tag("reason", reason.tag)
        .register(registry);
  }

  private Counter outcomes(String kind, JobStatus status) {
    return Counter.builder("residual.job.outcomes")
        .description("Jobs that ended, by kind and terminal status")
        .tags("kind", kind, "status", status.name())
        .register(registry);
  }

  /** A job ended; counted once its ending transaction commits, if one is active. */
  void ended(String kind, JobStatus status) {
    Counter counter = outcomes(kind, status);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              counter.increment();
            }
          });
    } else {
      counter.increment();
    }
  }

  /**
   * A listener for one training run that counts its images and times its epochs, tagged with the
   * architecture as the request gave it.
   *
   * @param imagesPerBatch images in every training batch (training uses full batches only)
   */
  TrainingListener run(Object architecture, int imagesPerBatch) {
    String tag = architectureTag(architecture);
    Counter images = images(tag);
    Timer epochs =
        Timer.builder("residual.training.epoch")
            .description("Wall time of one training epoch, validation included")
            .tag("architecture", tag)
            .serviceLevelObjectives(
                seconds(1),
                seconds(5),
                seconds(15),
                seconds(30),
                seconds(60),
                seconds(120),
                seconds(300),
                seconds(600),
                seconds(1200),
                seconds(1800),
                seconds(3600),
                seconds(7200),
                seconds(14400))
            .register(registry);
    return new TrainingListener() {
      @Override
      public void onBatch(BatchProgress progress) {
        images.increment(imagesPerBatch);
      }

      @Override
      public void onEpoch(EpochResult result) {
        epochs.record(seconds(result.seconds()));
      }
    };
  }

  private Counter images(String architectureTag) {
    return Counter.builder("residual.training.images")
        .description("Training images processed (forward and backward); rate() gives images/s")
        .tag("architecture", architectureTag)
        .register(registry);
  }

  /** A named architecture's name; every spec, and any unknown name, is {@code custom}. */
  static String architectureTag(Object architecture) {
    if (architecture instanceof String name && Architectures.named(name).isPresent()) {
      return name;
    }
    return CUSTOM;
  }

  private void gauge(JobRepository.KindStatus key) {
    if (gauged.add(key)) {
      Gauge.builder("residual.jobs", this, m -> m.count(key))
          .description(
              "Jobs by kind and status in the shared database: every instance reports the same"
                  + " value, so aggregate with max()")
          .tags(Tags.of("kind", key.kind(), "status", key.status()))
          .register(registry);
    }
  }

  private double count(JobRepository.KindStatus key) {
    return jobCounts().getOrDefault(key, 0L);
  }

  /**
   * The counts, read at most once per {@link #JOB_COUNTS_TTL}; while the database is away the last
   * counts stay.
   */
  private synchronized Map<JobRepository.KindStatus, Long> jobCounts() {
    long now = System.nanoTime();
    if (countsReadAt == 0 || now - countsReadAt >= JOB_COUNTS_TTL.toNanos()) {
      countsReadAt = now;
      try {
        counts = jobs.countByKindAndStatus();
        counts.keySet().forEach(this::gauge); // a kind this instance does not know yet
      } catch (RuntimeException e) {
        log.debug("Could not count the jobs for the residual.jobs gauges: {}", e.getMessage());
      }
    }
    return counts;
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }
}

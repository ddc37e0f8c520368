package dev.residual.training.internal;

import dev.residual.system.DaemonThreads;
import dev.residual.system.DatabaseErrors;
import dev.residual.system.ServerErrors;
import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobKinds;
import dev.residual.training.JobQueued;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingJobSucceeded;
import dev.residual.training.TrainingProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable queue's workers: each claims the oldest claimable job with {@code FOR UPDATE SKIP
 * LOCKED}, holds it under a lease that a heartbeat renews, and runs it. Instances sharing one
 * database share the queue; a job whose instance died is taken over once its lease expires.
 *
 * <p>A database outage stops nothing for good: workers and heartbeat keep going, a run that the
 * outage broke goes back to the queue, and how a run ended is recorded once the database answers.
 */
@Component
public class JobQueue implements SmartLifecycle {

  /** The MDC key that carries the running job's id, e.g. into JSON logs. */
  public static final String JOB_ID = "jobId";

  private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

  private final JobRepository jobs;
  private final TransactionTemplate tx;
  private final TrainingProperties properties;
  private final JobExecutor executor;
  private final String owner;
  private final JobOutcomes outcomes;
  private final TrainingMeters meters;
  private final Map<String, JobControl> running = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final List<Thread> workers = new ArrayList<>();
  private ScheduledExecutorService heartbeat;
  private volatile boolean active;

  JobQueue(
      JobRepository jobs,
      JobEventLog events,
      TransactionTemplate tx,
      TrainingProperties properties,
      JobExecutor executor,
      InstanceId instanceId,
      ApplicationEventPublisher publisher,
      ObjectProvider<CheckpointPublisher> checkpointPublisher,
      JsonMapper json,
      TrainingMeters meters) {
    this.jobs = jobs;
    this.tx = tx;
    this.properties = properties;
    this.executor = executor;
    this.owner = instanceId.value();
    this.outcomes =
        new JobOutcomes(
            jobs, events, tx, owner, publisher, checkpointPublisher.getIfAvailable(), json);
    this.meters = meters;
    meters.workers(properties.workers(), running::size);
  }

  @Override
  public synchronized void start() {
    int reclaimed = jobs.expireLeasesOf(owner, Instant.now());
    if (reclaimed > 0) {
      log.info("Taking back {} job(s) this instance ({}) held before it stopped", reclaimed, owner);
    }
    active = true;
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("training-heartbeat"));
    long period = properties.heartbeat().toMillis();
    heartbeat.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
    for (int i = 1; i <= properties.workers(); i++) {
      Thread worker = new Thread(this::work, "training-worker-" + i);
      worker.start();
      workers.add(worker);
    }
  }

  /** Stops claiming, asks running jobs to checkpoint and return to the queue, waits for them. */
  @Override
  public synchronized void stop() {
    active = false;
    if (!running.isEmpty()) {
      log.info("Stopping: {} running job(s) go back to the queue", running.size());
    }
    running.values().forEach(c -> c.stop(JobControl.StopReason.SHUTDOWN));
    wakeUp();
    for (Thread worker : workers) {
      try {
        worker.join(properties.leaseDuration().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.clear();
    heartbeat.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  /** After the web server stops accepting requests and before the data source closes. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  /** Wakes the workers once a queued job's row is committed. */
  @TransactionalEventListener(fallbackExecution = true)
  void on(JobQueued event) {
    wakeUp();
  }

  public void wakeUp() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Cancels a job nobody runs yet; false if a worker already holds it. */
  public boolean cancelQueued(String id) {
    Boolean cancelled =
        tx.execute(
            s -> {
              if (jobs.cancelQueued(id, Instant.now()) == 1) {
                String kind = jobs.find(id).map(JobRow::kind).orElse(JobKinds.TRAIN);
                outcomes.ended(id, kind, JobStatus.CANCELLED, null);
                meters.ended(kind, JobStatus.CANCELLED);
                return true;
              }
              return false;
            });
    return Boolean.TRUE.equals(cancelled);
  }

  /**
   * Stops a job at its next batch if it runs here; elsewhere the owner's heartbeat sees the flag.
   */
  public void cancelLocal(String id) {
    JobControl control = running.get(id);
    if (control != null) {
      control.stop(JobControl.StopReason.CANCELLED);
    }
  }

  private void work() {
    while (active) {
      try {
        Optional<JobRow> claimed = claim();
        if (claimed.isPresent()) {
          run(claimed.get());
        } else {
          synchronized (signal) {
            signal.wait(properties.pollInterval().toMillis());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be away for a while: keep the worker alive and try again later.
        log.warn("Could not claim a training job: {}", e.getMessage());
        sleepQuietly();
      }
    }
  }

  private Optional<JobRow> claim() {
    return tx.execute(
        status -> {
          while (true) {
            Instant now = Instant.now();
            Optional<JobRow> next = jobs.lockNextClaimable(now);
            if (next.isEmpty()) {
              return Optional.<JobRow>empty();
            }
            JobRow job = next.get();
            JobControl local = running.get(job.id());
            if (local != null) {
              // Still running here: its lease ran out while the database was away, before the
              // heartbeat could renew it. Renew it now rather than start the job a second time.
              Instant until = now.plus(properties.leaseDuration());
              if (jobs.renewLease(job.id(), owner, until, now) == 0) {
                local.stop(JobControl.StopReason.LEASE_LOST);
              }
              return Optional.<JobRow>empty();
            }
            if (job.status() == JobStatus.RUNNING && job.attempts() >= properties.maxAttempts()) {
              String error =
                  "The job was started "
                      + job.attempts()
                      + " times and its worker stopped each time without finishing"
                      + " (last holder: "
                      + job.leaseOwner()
                      + ")";
              jobs.endUnclaimed(job.id(), JobStatus.FAILED, error, now);
              outcomes.ended(job.id(), job.kind(), JobStatus.FAILED, error);
              meters.ended(job.kind(), JobStatus.FAILED);
              continue;
            }
            if (job.cancelRequested()) {
              jobs.endUnclaimed(job.id(), JobStatus.CANCELLED, null, now);
              outcomes.ended(job.id(), job.kind(), JobStatus.CANCELLED, null);
              meters.ended(job.kind(), JobStatus.CANCELLED);
              continue;
            }
            jobs.markRunning(job.id(), owner, now.plus(properties.leaseDuration()), now);
            outcomes.started(job.id());
            meters.claimed(job, now);
            if (job.status() == JobStatus.RUNNING) {
              meters.requeued(TrainingMeters.Requeue.LEASE_TAKEOVER);
            }
            return jobs.find(job.id());
          }
        });
  }

  /** Runs a claimed job with its id in every log line the run writes (MDC {@code jobId}). */
  private void run(JobRow job) {
    try (MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id())) {
      runClaimed(job);
    }
  }

  private void runClaimed(JobRow job) {
    JobControl control = new JobControl();
    running.put(job.id(), control);
    if (!active) {
      // Claimed while stop() was asking the running jobs to stop: this one missed the request.
      control.stop(JobControl.StopReason.SHUTDOWN);
    }
    try {
      JobExecutor.Outcome outcome;
      try {
        outcome = executor.execute(job, control);
      } catch (Exception | OutOfMemoryError e) {
        broke(job, control, e);
        return;
      }
      switch (control.reason()) {
        case LEASE_LOST ->
            log.warn("Lost the lease of job {}; another instance owns it now", job.id());
        case SHUTDOWN -> {
          outcomes.requeue(job.id(), () -> active);
          meters.requeued(TrainingMeters.Requeue.SHUTDOWN);
        }
        case CANCELLED -> finish(job, JobStatus.CANCELLED, null, outcome.summary(), null);
        case NONE -> finish(job, JobStatus.SUCCEEDED, null, outcome.summary(), outcome.success());
      }
    } catch (RuntimeException e) {
      // Only a database that is still away when this instance begins to stop gets here.
      log.warn(
          "Could not record how job {} ended ({}); it stays RUNNING under this instance's lease"
              + " and resumes from its last checkpoint when this instance restarts or the lease"
              + " expires",
          job.id(),
          e.getMessage());
    } finally {
      running.remove(job.id());
    }
  }

  /** The run threw: the job failed, unless it was the database under it that did. */
  private void broke(JobRow job, JobControl control, Throwable e) {
    if (control.reason() == JobControl.StopReason.LEASE_LOST) {
      log.warn("Lost the lease of job {}; another instance owns it now", job.id());
    } else if (DatabaseErrors.isUnavailable(e)) {
      log.warn(
          "Job {} stopped because the database was unavailable ({}); it goes back to the queue"
              + " and resumes from its last recorded checkpoint",
          job.id(),
          e.getMessage());
      outcomes.requeue(job.id(), () -> active);
      meters.requeued(TrainingMeters.Requeue.OUTAGE);
    } else {
      log.error("Training job {} failed", job.id(), e);
      String error = ServerErrors.describe(e);
      finish(job, JobStatus.FAILED, error, null, null);
    }
  }

  private void finish(
      JobRow job,
      JobStatus status,
      @Nullable String error,
      @Nullable Object summary,
      @Nullable TrainingJobSucceeded success) {
    if (outcomes.finish(job, status, error, summary, success, () -> active)) {
      meters.ended(job.kind(), status);
    }
  }

  private void renewLeases() {
    for (Map.Entry<String, JobControl> entry : running.entrySet()) {
      try {
        Instant now = Instant.now();
        String id = entry.getKey();
        if (jobs.renewLease(id, owner, now.plus(properties.leaseDuration()), now) == 0) {
          entry.getValue().stop(JobControl.StopReason.LEASE_LOST);
        } else if (jobs.cancelRequested(id)) {
          entry.getValue().stop(JobControl.StopReason.CANCELLED);
        }
      } catch (RuntimeException e) {
        // A database outage must not kill the heartbeat; the lease just runs down meanwhile.
        log.warn("Could not renew the lease of job {}: {}", entry.getKey(), e.getMessage());
      }
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(properties.pollInterval().toMillis() * 5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

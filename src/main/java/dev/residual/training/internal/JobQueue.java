package dev.residual.training.internal;

import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobSucceeded;
import dev.residual.training.TrainingProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable queue's workers: each claims the oldest claimable job with {@code FOR UPDATE SKIP
 * LOCKED}, holds it under a lease that a heartbeat renews, and runs it. Instances sharing one
 * database share the queue; a job whose instance died is taken over once its lease expires.
 */
@Component
public class JobQueue implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

  private final JobRepository jobs;
  private final JobEventLog events;
  private final TransactionTemplate tx;
  private final TrainingProperties properties;
  private final JobExecutor executor;
  private final String owner;
  private final ApplicationEventPublisher publisher;
  private final JsonMapper json;
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
      JsonMapper json) {
    this.jobs = jobs;
    this.events = events;
    this.tx = tx;
    this.properties = properties;
    this.executor = executor;
    this.owner = instanceId.value();
    this.publisher = publisher;
    this.json = json;
  }

  @Override
  public synchronized void start() {
    int reclaimed = jobs.expireLeasesOf(owner, Instant.now());
    if (reclaimed > 0) {
      log.info("Taking back {} job(s) this instance ({}) held before it stopped", reclaimed, owner);
    }
    active = true;
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "training-heartbeat"));
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

  public void wakeUp() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Cancels a job nobody runs yet; false if a worker already holds it. */
  public boolean cancelQueued(String id) {
    Boolean cancelled = tx.execute(s -> jobs.cancelQueued(id, Instant.now()) == 1);
    if (Boolean.TRUE.equals(cancelled)) {
      announceEnd(id, JobStatus.CANCELLED, Map.of());
      return true;
    }
    return false;
  }

  /** Stops a job at its next batch if it runs here; elsewhere the owner's heartbeat sees the flag. */
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
            if (job.status() == JobStatus.RUNNING && job.attempts() >= properties.maxAttempts()) {
              String error =
                  "The job was started "
                      + job.attempts()
                      + " times and its worker stopped each time without finishing"
                      + " (last holder: "
                      + job.leaseOwner()
                      + ")";
              jobs.endUnclaimed(job.id(), JobStatus.FAILED, error, now);
              announceEnd(job.id(), JobStatus.FAILED, Map.of("error", error));
              continue;
            }
            if (job.cancelRequested()) {
              jobs.endUnclaimed(job.id(), JobStatus.CANCELLED, null, now);
              announceEnd(job.id(), JobStatus.CANCELLED, Map.of());
              continue;
            }
            jobs.markRunning(job.id(), owner, now.plus(properties.leaseDuration()), now);
            return jobs.find(job.id());
          }
        });
  }

  private void run(JobRow job) {
    JobControl control = new JobControl();
    running.put(job.id(), control);
    if (!active) {
      // Claimed while stop() was asking the running jobs to stop: this one missed the request.
      control.stop(JobControl.StopReason.SHUTDOWN);
    }
    events.append(job.id(), "status", Map.of("status", JobStatus.RUNNING.name()));
    try {
      JobExecutor.Outcome outcome = executor.execute(job, control);
      switch (control.reason()) {
        case LEASE_LOST -> log.warn("Lost the lease of job {}; another instance owns it now", job.id());
        case SHUTDOWN -> {
          if (jobs.requeue(job.id(), owner, Instant.now()) == 1) {
            events.append(job.id(), "status", Map.of("status", JobStatus.QUEUED.name()));
          }
        }
        case CANCELLED -> end(job.id(), JobStatus.CANCELLED, null, outcome.summary());
        case NONE -> {
          if (end(job.id(), JobStatus.SUCCEEDED, null, outcome.summary())
              && JobKinds.TRAIN.equals(job.kind())) {
            announceSuccess(job, outcome.summary());
          }
        }
      }
    } catch (Exception | OutOfMemoryError e) {
      log.error("Job {} ({}) failed", job.id(), job.kind(), e);
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      end(job.id(), JobStatus.FAILED, error, Map.of("error", error));
    } finally {
      running.remove(job.id());
    }
  }

  /** The terminal status and the {@code done} event commit together: a stream never sees one alone. */
  private boolean end(String id, JobStatus status, String error, Map<String, Object> summary) {
    return Boolean.TRUE.equals(
        tx.execute(
            s -> {
              if (jobs.finish(id, owner, status, error, Instant.now()) == 1) {
                announceEnd(id, status, summary);
                return true;
              }
              return false;
            }));
  }

  /** After the commit: listeners (e.g. publishing the best checkpoint) see the finished job. */
  private void announceSuccess(JobRow job, Map<String, Object> summary) {
    try {
      Object best = summary.get("bestCheckpointId");
      String publishAs = json.readValue(job.requestJson(), TrainingJobRequest.class).publishAs();
      publisher.publishEvent(
          new TrainingJobSucceeded(job.id(), best == null ? null : best.toString(), publishAs));
    } catch (RuntimeException e) {
      log.error("A listener of job {}'s success failed; the job stays SUCCEEDED", job.id(), e);
    }
  }

  private void announceEnd(String id, JobStatus status, Map<String, Object> summary) {
    events.append(id, "status", Map.of("status", status.name()));
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("status", status.name());
    done.putAll(summary);
    events.append(id, "done", done);
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

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

package dev.residual.training.internal;

import dev.residual.training.JobStatus;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.JobKinds;
import dev.residual.training.TrainingJobSucceeded;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records how a claimed job's run ended, each time in one transaction with its events: finished
 * (with {@code status} and {@code done}), or back in the queue. While the database is away it
 * tries again until the database answers or the caller gives up, so that an outage delays a
 * job's end but never loses it.
 */
final class JobOutcomes {

  private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

  private final JobRepository jobs;
  private final JobEventLog events;
  private final TransactionTemplate tx;
  private final String owner;
  private final ApplicationEventPublisher publisher;
  private final JsonMapper json;

  JobOutcomes(
      JobRepository jobs,
      JobEventLog events,
      TransactionTemplate tx,
      String owner,
      ApplicationEventPublisher publisher,
      JsonMapper json) {
    this.jobs = jobs;
    this.events = events;
    this.tx = tx;
    this.owner = owner;
    this.publisher = publisher;
    this.json = json;
  }

  /** Appends the {@code status} event of a job just claimed; call in the claim's transaction. */
  void started(String id) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", JobStatus.RUNNING.name());
    data.put("instance", owner);
    events.append(id, "status", data);
  }

  /**
   * Ends a job this instance runs; the terminal status and the {@code done} event commit together,
   * so that a stream never sees one alone. A success is then announced (e.g. to publish the best
   * checkpoint).
   *
   * @return false if another instance took the job over meanwhile
   */
  boolean finish(
      JobRow job,
      JobStatus status,
      String error,
      Map<String, Object> summary,
      BooleanSupplier keepTrying) {
    boolean finished =
        DatabaseRetry.untilDone(
            "record that job " + job.id() + " ended " + status,
            () ->
                Boolean.TRUE.equals(
                    tx.execute(
                        s -> {
                          if (jobs.finish(job.id(), owner, status, error, Instant.now()) == 1) {
                            ended(job.id(), status, summary);
                            return true;
                          }
                          return endedEarlier(job.id(), status);
                        })),
            keepTrying);
    if (finished && status == JobStatus.SUCCEEDED && JobKinds.TRAIN.equals(job.kind())) {
      announceSuccess(job, summary);
    }
    return finished;
  }

  /**
   * Whether an earlier try of {@link #finish} committed although its answer was lost with the
   * connection: the job has the status, and nobody claimed it after this instance.
   */
  private boolean endedEarlier(String id, JobStatus status) {
    return jobs.find(id)
        .filter(row -> row.status() == status && owner.equals(row.claimedBy()))
        .isPresent();
  }

  /**
   * Puts a job this instance runs back in the queue (graceful shutdown, database outage); the
   * attempt does not count, and the job resumes from its last recorded checkpoint.
   */
  void requeue(String id, BooleanSupplier keepTrying) {
    DatabaseRetry.untilDone(
        "put job " + id + " back in the queue",
        () ->
            tx.execute(
                s -> {
                  if (jobs.requeue(id, owner, Instant.now()) == 1) {
                    events.append(id, "status", Map.of("status", JobStatus.QUEUED.name()));
                  }
                  return null;
                }),
        keepTrying);
  }

  /** Appends the terminal {@code status} and {@code done} events, in the ending transaction. */
  void ended(String id, JobStatus status, Map<String, Object> summary) {
    events.append(id, "status", Map.of("status", status.name()));
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("status", status.name());
    done.putAll(summary);
    events.append(id, "done", done);
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
}

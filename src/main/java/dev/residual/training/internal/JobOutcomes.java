package dev.residual.training.internal;

import dev.residual.training.JobStatus;
import dev.residual.training.TrainingJobSucceeded;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

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

  JobOutcomes(
      JobRepository jobs,
      JobEventLog events,
      TransactionTemplate tx,
      String owner,
      ApplicationEventPublisher publisher) {
    this.jobs = jobs;
    this.events = events;
    this.tx = tx;
    this.owner = owner;
    this.publisher = publisher;
  }

  /** Appends the {@code status} event of a job just claimed; call in the claim's transaction. */
  void started(String id) {
    events.append(id, "status", new JobEventData.Status(JobStatus.RUNNING, owner));
  }

  /**
   * Ends a job this instance runs; the terminal status and the {@code done} event commit together,
   * so that a stream never sees one alone. A success is then announced (e.g. to publish the best
   * checkpoint) with {@code success}, if the run gave one.
   *
   * @param summary what the {@code done} event reports after the status, or null
   *
   * @return false if another instance took the job over meanwhile
   */
  boolean finish(
      JobRow job,
      JobStatus status,
      String error,
      @Nullable Object summary,
      @Nullable TrainingJobSucceeded success,
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
    if (finished && status == JobStatus.SUCCEEDED && success != null) {
      announceSuccess(success);
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
                    events.append(id, "status", new JobEventData.Status(JobStatus.QUEUED));
                  }
                  return null;
                }),
        keepTrying);
  }

  /** Appends the terminal {@code status} and {@code done} events, in the ending transaction. */
  void ended(String id, JobStatus status, @Nullable Object summary) {
    events.append(id, "status", new JobEventData.Status(status));
    events.append(id, "done", new JobEventData.Done(status, summary));
  }

  /** After the commit: listeners (e.g. publishing the best checkpoint) see the finished job. */
  private void announceSuccess(TrainingJobSucceeded success) {
    try {
      publisher.publishEvent(success);
    } catch (RuntimeException e) {
      log.error(
          "A listener of job {}'s success failed; the job stays SUCCEEDED", success.jobId(), e);
    }
  }
}

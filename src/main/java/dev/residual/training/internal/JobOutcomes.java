package dev.residual.training.internal;

import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobEventData;
import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.LrFinderResult;
import dev.residual.training.Publication;
import dev.residual.training.TrainingJobSucceeded;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records how a claimed job's run ended, each time in one transaction with its events: finished
 * (with {@code status} and {@code done}), or back in the queue. While the database is away it tries
 * again until the database answers or the caller gives up, so that an outage delays a job's end but
 * never loses it.
 */
final class JobOutcomes {

  private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

  private final JobRepository jobs;
  private final JobEventLog events;
  private final TransactionTemplate tx;
  private final String owner;
  private final ApplicationEventPublisher publisher;
  private final @Nullable CheckpointPublisher checkpointPublisher;
  private final JsonMapper json;

  JobOutcomes(
      JobRepository jobs,
      JobEventLog events,
      TransactionTemplate tx,
      String owner,
      ApplicationEventPublisher publisher,
      @Nullable CheckpointPublisher checkpointPublisher,
      JsonMapper json) {
    this.jobs = jobs;
    this.events = events;
    this.tx = tx;
    this.owner = owner;
    this.publisher = publisher;
    this.checkpointPublisher = checkpointPublisher;
    this.json = json;
  }

  /** Appends the {@code status} event of a job just claimed; call in the claim's transaction. */
  void started(String id) {
    events.append(id, JobEventData.STATUS, new JobEventData.Status(JobStatus.RUNNING, owner));
  }

  /**
   * Ends a job this instance runs; the terminal status and the {@code done} event commit together,
   * so that a stream never sees one alone. A succeeded training job with {@code publishAs} is
   * published first, so that the version its {@code done} names already exists (and serves, when it
   * is the model's first). A success is then announced.
   *
   * @param summary what the run reports about itself ({@link TrainingSummary}, {@link
   *     LrFinderResult}), or null
   * @param success the run's success, announced once the job is recorded as succeeded, or null
   * @return false if another instance took the job over meanwhile
   */
  boolean finish(
      JobRow job,
      JobStatus status,
      @Nullable String error,
      @Nullable Object summary,
      @Nullable TrainingJobSucceeded success,
      BooleanSupplier keepTrying) {
    Publication publication =
        status == JobStatus.SUCCEEDED && success != null ? publish(success) : null;
    String publicationJson = publication == null ? null : json.writeValueAsString(publication);
    boolean finished =
        DatabaseRetry.untilDone(
            "record that job " + job.id() + " ended " + status,
            () ->
                Boolean.TRUE.equals(
                    tx.execute(
                        s -> {
                          if (jobs.finish(job.id(), owner, status, error, Instant.now()) == 1) {
                            if (publicationJson != null) {
                              jobs.recordPublication(job.id(), publicationJson);
                            }
                            append(
                                job.id(),
                                status,
                                done(job.kind(), status, error, summary, publication));
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
   * Publishes the best checkpoint as {@code publishAs} asks; null without {@code publishAs}. A
   * failure is logged and returned: the job itself succeeded, and stays SUCCEEDED.
   */
  private @Nullable Publication publish(TrainingJobSucceeded success) {
    String model = success.publishAs();
    if (model == null || checkpointPublisher == null) {
      return null;
    }
    if (success.bestCheckpointId() == null) {
      log.error(
          "Job {} succeeded without a checkpoint; nothing to publish as '{}'",
          success.jobId(),
          model);
      return Publication.failed(model, "the job saved no checkpoint");
    }
    try {
      return checkpointPublisher.publish(
          model, success.bestCheckpointId(), success.jobId().toString());
    } catch (RuntimeException e) {
      log.error(
          "Could not publish job {} as model '{}'; the job stays SUCCEEDED",
          success.jobId(),
          model,
          e);
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Publication.failed(model, reason);
    }
  }

  /** The {@code done} event of a job of {@code kind}, as the contract names it. */
  private static Object done(
      String kind,
      JobStatus status,
      @Nullable String error,
      @Nullable Object summary,
      @Nullable Publication publication) {
    if (JobKinds.TRAIN.equals(kind)) {
      TrainingSummary best =
          summary instanceof TrainingSummary s ? s : new TrainingSummary(null, null, null, null);
      return new JobEventData.TrainingDone(
          status,
          best.top1(),
          best.top5(),
          best.bestEpoch(),
          best.bestCheckpointId(),
          error,
          publication);
    }
    if (summary instanceof LrFinderResult r) {
      return new JobEventData.LrFinderDone(
          status,
          error,
          r.suggestedLearningRate(),
          r.minimumLearningRate(),
          r.iterations(),
          r.stopReason(),
          r.seconds(),
          r.points());
    }
    return new JobEventData.LrFinderDone(status, error, null, null, null, null, null, null);
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
                    events.append(
                        id, JobEventData.STATUS, new JobEventData.Status(JobStatus.QUEUED, null));
                  }
                  return null;
                }),
        keepTrying);
  }

  /**
   * Appends the terminal {@code status} and {@code done} events of a job that ends without running
   * (cancelled in the queue, or given up on); call in the ending transaction.
   */
  void ended(String id, String kind, JobStatus status, @Nullable String error) {
    append(id, status, done(kind, status, error, null, null));
  }

  private void append(String id, JobStatus status, Object done) {
    events.append(id, JobEventData.STATUS, new JobEventData.Status(status, null));
    events.append(id, JobEventData.DONE, done);
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

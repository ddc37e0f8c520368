package dev.residual.training.internal;

import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.Publication;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobSucceeded;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
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
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", JobStatus.RUNNING.name());
    data.put("instance", owner);
    events.append(id, "status", data);
  }

  /**
   * Ends a job this instance runs; the terminal status and the {@code done} event commit together,
   * so that a stream never sees one alone. A succeeded training job with {@code publishAs} is
   * published first, so that the version its {@code done} names already exists (and serves, when
   * it is the model's first). A success is then announced.
   *
   * @return false if another instance took the job over meanwhile
   */
  boolean finish(
      JobRow job,
      JobStatus status,
      String error,
      Map<String, Object> summary,
      BooleanSupplier keepTrying) {
    boolean train = JobKinds.TRAIN.equals(job.kind());
    Publication publication =
        status == JobStatus.SUCCEEDED && train ? publish(job, summary) : null;
    Map<String, Object> ending = new LinkedHashMap<>(summary);
    if (publication != null) {
      ending.put("publication", publication);
    }
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
                            ended(job.id(), status, ending);
                            return true;
                          }
                          return endedEarlier(job.id(), status);
                        })),
            keepTrying);
    if (finished && status == JobStatus.SUCCEEDED && train) {
      announceSuccess(job, summary);
    }
    return finished;
  }

  /**
   * Publishes the best checkpoint as {@code publishAs} asks; null without {@code publishAs}. A
   * failure is logged and returned: the job itself succeeded, and stays SUCCEEDED.
   */
  private @Nullable Publication publish(JobRow job, Map<String, Object> summary) {
    String model = json.readValue(job.requestJson(), TrainingJobRequest.class).publishAs();
    if (model == null || checkpointPublisher == null) {
      return null;
    }
    Object best = summary.get("bestCheckpointId");
    if (best == null) {
      log.error("Job {} succeeded without a checkpoint; nothing to publish as '{}'", job.id(), model);
      return Publication.failed(model, "the job saved no checkpoint");
    }
    try {
      return checkpointPublisher.publish(model, UUID.fromString(best.toString()), job.id());
    } catch (RuntimeException e) {
      log.error("Could not publish job {} as model '{}'; the job stays SUCCEEDED", job.id(), model, e);
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Publication.failed(model, reason);
    }
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

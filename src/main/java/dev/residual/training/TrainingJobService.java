package dev.residual.training;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.datasets.DatasetSummary;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.ApiException;
import dev.residual.training.internal.JobEventLog;
import dev.residual.training.internal.JobQueue;
import dev.residual.training.internal.JobRepository;
import dev.residual.training.internal.JobRow;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Submits, lists, cancels and deletes training jobs; the workers in {@code internal} run them. */
@Service
public class TrainingJobService {

  private final JobRepository jobs;
  private final JobEventLog events;
  private final JobQueue queue;
  private final JobViews views;
  private final JobSubmissions submissions;
  private final ArchitectureResolver architectures;
  private final CheckpointStore checkpoints;
  private final Validator validator;

  TrainingJobService(
      JobRepository jobs,
      JobEventLog events,
      JobQueue queue,
      JobViews views,
      JobSubmissions submissions,
      ArchitectureResolver architectures,
      CheckpointStore checkpoints,
      Validator validator) {
    this.jobs = jobs;
    this.events = events;
    this.queue = queue;
    this.views = views;
    this.submissions = submissions;
    this.architectures = architectures;
    this.checkpoints = checkpoints;
    this.validator = validator;
  }

  /**
   * Validates what bean validation cannot see (dataset, architecture against the input) and queues.
   */
  @Transactional
  public TrainingJob submit(TrainingJobRequest request) {
    TrainingJobRequest resolved = resolve(request);
    return submissions.enqueue(JobKinds.TRAIN, resolved.dataset(), resolved);
  }

  /**
   * Checks a request as {@code POST /api/v1/training-jobs} would, bean constraints included, and
   * returns it with its defaults filled in; queues nothing.
   *
   * @throws ApiException 400 naming every offending field
   */
  public TrainingJobRequest validate(TrainingJobRequest request) {
    Map<String, String> errors = new TreeMap<>();
    for (ConstraintViolation<TrainingJobRequest> v : validator.validate(request)) {
      errors.merge(v.getPropertyPath().toString(), v.getMessage(), (a, b) -> a + "; " + b);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalidFields(errors);
    }
    return resolve(request);
  }

  /**
   * Queues a request that {@link #validate} accepted as one cell of an experiment; call inside the
   * transaction that expands the whole experiment.
   */
  @Transactional
  public TrainingJob submit(TrainingJobRequest request, JobTag tag) {
    TrainingJobRequest resolved = resolve(request);
    return submissions.enqueue(JobKinds.TRAIN, resolved.dataset(), resolved, tag);
  }

  /** The jobs of an experiment, by variant and seed. */
  public List<TrainingJob> jobsOfExperiment(String experimentId) {
    return jobs.ofExperiment(experimentId).stream().map(views::toJob).toList();
  }

  private TrainingJobRequest resolve(TrainingJobRequest request) {
    DatasetSummary dataset = submissions.dataset(request.dataset());
    List<Integer> shape = dataset.imageShape();
    TrainingJobRequest resolved = TrainingDefaults.apply(request, shape.get(1));
    ArchitectureSpec spec = architectures.resolve(resolved.architecture());
    ImageSizesCheck.check(request, resolved, spec, shape.get(0), dataset.classes().size());
    spec.validate(
        shape.get(0), resolved.imageSize(), resolved.imageSize(), dataset.classes().size());
    int largest = resolved.imageSize();
    if (resolved.imageSizes() != null) {
      for (TrainingJobRequest.ImageSize step : resolved.imageSizes()) {
        largest = Math.max(largest, step.size());
      }
    }
    spec.validateTrainingBudget(
        shape.get(0), largest, dataset.classes().size(), resolved.batchSize());
    // A spec is stored with its defaults, as every other field is; a name stays a name.
    return resolved.architecture() instanceof String ? resolved : resolved.withArchitecture(spec);
  }

  public TrainingJob get(String id) {
    return views.toJob(row(id));
  }

  public JobPage list(JobStatus status, int page, int size) {
    List<TrainingJob> items =
        jobs.page(status, page * size, size).stream().map(views::toJob).toList();
    return new JobPage(items, page, size, jobs.count(status));
  }

  /** Cancels a queued job at once, a running one at its next batch; finished jobs answer 409. */
  public TrainingJob cancel(String id) {
    JobRow job = row(id);
    if (job.status().isTerminal()) {
      throw ApiException.conflict("Job " + id + " has already finished (" + job.status() + ")");
    }
    Instant now = Instant.now();
    jobs.requestCancel(id, now);
    if (queue.cancelQueued(id)) {
      return get(id);
    }
    queue.cancelLocal(id);
    return get(id);
  }

  /** Deletes a finished job with its events and checkpoints. */
  public void delete(String id) {
    JobRow job = row(id);
    if (!job.status().isTerminal()) {
      throw ApiException.conflict("Job " + id + " is " + job.status() + "; cancel it first");
    }
    checkpoints.deleteAllForJob(UUID.fromString(id));
    jobs.delete(id);
  }

  /** The per-epoch metrics history, oldest first. */
  public List<EpochMetrics> epochs(String id) {
    row(id);
    return events.dataOf(id, "epoch", EpochMetrics.class);
  }

  private JobRow row(String id) {
    return jobs.find(JobIds.require(id))
        .orElseThrow(() -> ApiException.notFound("Training job", id));
  }

  /** One page of {@code GET /api/v1/training-jobs}. */
  public record JobPage(List<TrainingJob> items, int page, int size, long total) {}
}

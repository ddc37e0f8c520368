package dev.residual.training;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetSummary;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.ApiException;
import dev.residual.system.ServiceBusyException;
import dev.residual.training.internal.JobEventLog;
import dev.residual.training.internal.JobQueue;
import dev.residual.training.internal.JobRepository;
import dev.residual.training.internal.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Submits, lists, cancels and deletes training jobs; the workers in {@code internal} run them. */
@Service
public class TrainingJobService {

  private final JobRepository jobs;
  private final JobEventLog events;
  private final JobQueue queue;
  private final JobViews views;
  private final ArchitectureResolver architectures;
  private final DatasetCatalog datasets;
  private final CheckpointStore checkpoints;
  private final TrainingProperties properties;

  TrainingJobService(
      JobRepository jobs,
      JobEventLog events,
      JobQueue queue,
      JobViews views,
      ArchitectureResolver architectures,
      DatasetCatalog datasets,
      CheckpointStore checkpoints,
      TrainingProperties properties) {
    this.jobs = jobs;
    this.events = events;
    this.queue = queue;
    this.views = views;
    this.architectures = architectures;
    this.datasets = datasets;
    this.checkpoints = checkpoints;
    this.properties = properties;
  }

  /** Validates what bean validation cannot see (dataset, architecture against the input) and queues. */
  @Transactional
  public TrainingJob submit(TrainingJobRequest request) {
    if (!datasets.exists(request.dataset())) {
      throw ApiException.invalidField(
          "dataset", "unknown dataset '" + request.dataset() + "'; see GET /api/v1/datasets");
    }
    DatasetSummary dataset = datasets.describe(request.dataset());
    List<Integer> shape = dataset.imageShape();
    TrainingJobRequest resolved = TrainingDefaults.apply(request, shape.get(1));
    ArchitectureSpec spec = architectures.resolve(resolved.architecture());
    ImageSizesCheck.check(request, resolved, spec, shape.get(0), dataset.classes().size());
    spec.validate(shape.get(0), resolved.imageSize(), resolved.imageSize(), dataset.classes().size());
    if (jobs.count(JobStatus.QUEUED) >= properties.maxPending()) {
      throw new ServiceBusyException(
          HttpStatus.TOO_MANY_REQUESTS,
          "There are already " + properties.maxPending() + " queued jobs; try again later",
          Duration.ofSeconds(60));
    }
    String id = UUID.randomUUID().toString();
    jobs.insert(id, JobKinds.TRAIN, resolved.dataset(), views.toJson(resolved), Instant.now());
    events.append(id, "status", Map.of("status", JobStatus.QUEUED.name()));
    queue.wakeUp();
    return get(id);
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

  /** The per-epoch metrics history. */
  public List<Map<String, Object>> metrics(String id) {
    row(id);
    return events.dataOf(id, "epoch");
  }

  private JobRow row(String id) {
    return jobs.find(JobIds.require(id)).orElseThrow(() -> ApiException.notFound("Training job", id));
  }

  /** One page of {@code GET /api/v1/training-jobs}. */
  public record JobPage(List<TrainingJob> items, int page, int size, long total) {}
}

package dev.residual.training;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetSummary;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.ArchitectureResolver;
import dev.residual.system.ApiException;
import dev.residual.system.ServiceBusyException;
import dev.residual.training.internal.JobEventLog;
import dev.residual.training.internal.JobQueue;
import dev.residual.training.internal.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues LR-finder jobs. They share the training queue, its limit and its workers; once queued they
 * are followed, cancelled and deleted like any job, through {@link TrainingJobService}.
 */
@Service
public class LrFinderService {

  private final JobRepository jobs;
  private final JobEventLog events;
  private final JobQueue queue;
  private final JobViews views;
  private final ArchitectureResolver architectures;
  private final DatasetCatalog datasets;
  private final TrainingProperties properties;

  LrFinderService(
      JobRepository jobs,
      JobEventLog events,
      JobQueue queue,
      JobViews views,
      ArchitectureResolver architectures,
      DatasetCatalog datasets,
      TrainingProperties properties) {
    this.jobs = jobs;
    this.events = events;
    this.queue = queue;
    this.views = views;
    this.architectures = architectures;
    this.datasets = datasets;
    this.properties = properties;
  }

  /** Validates what bean validation cannot see, as a training job submission does, and queues. */
  @Transactional
  public TrainingJob submit(LrFinderRequest request) {
    if (!datasets.exists(request.dataset())) {
      throw ApiException.invalidField(
          "dataset", "unknown dataset '" + request.dataset() + "'; see GET /api/v1/datasets");
    }
    DatasetSummary dataset = datasets.describe(request.dataset());
    List<Integer> shape = dataset.imageShape();
    LrFinderRequest resolved = LrFinderDefaults.apply(request, shape.get(1));
    if (resolved.endLr() <= resolved.startLr()) {
      throw ApiException.invalidField(
          "endLr", "must be greater than startLr (" + resolved.startLr() + ")");
    }
    ArchitectureSpec spec = architectures.resolve(resolved.architecture());
    spec.validate(shape.get(0), resolved.imageSize(), resolved.imageSize(), dataset.classes().size());
    if (jobs.count(JobStatus.QUEUED) >= properties.maxPending()) {
      throw new ServiceBusyException(
          HttpStatus.TOO_MANY_REQUESTS,
          "There are already " + properties.maxPending() + " queued jobs; try again later",
          Duration.ofSeconds(60));
    }
    String id = UUID.randomUUID().toString();
    jobs.insert(id, JobKinds.LR_FINDER, resolved.dataset(), views.toJson(resolved), Instant.now());
    events.append(id, "status", Map.of("status", JobStatus.QUEUED.name()));
    queue.wakeUp();
    return views.toJob(jobs.find(id).orElseThrow());
  }
}

package dev.residual.training;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetSummary;
import dev.residual.system.ClientBacklogException;
import dev.residual.system.InvalidRequestException;
import dev.residual.training.internal.JobEventLog;
import dev.residual.training.internal.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What every job submission does, whatever its kind: find the dataset, respect the limit, queue.
 */
@Component
class JobSubmissions {

  private final JobRepository jobs;
  private final JobEventLog events;
  private final ApplicationEventPublisher publisher;
  private final JobViews views;
  private final DatasetCatalog datasets;
  private final TrainingProperties properties;

  JobSubmissions(
      JobRepository jobs,
      JobEventLog events,
      ApplicationEventPublisher publisher,
      JobViews views,
      DatasetCatalog datasets,
      TrainingProperties properties) {
    this.jobs = jobs;
    this.events = events;
    this.publisher = publisher;
    this.views = views;
    this.datasets = datasets;
    this.properties = properties;
  }

  /** The named dataset, or 400 naming the {@code dataset} field. */
  DatasetSummary dataset(String name) {
    if (!datasets.exists(name)) {
      throw InvalidRequestException.field(
          "dataset", "unknown dataset '" + name + "'; see GET /api/v1/datasets");
    }
    return datasets.describe(name);
  }

  /**
   * Queues a validated request with its defaults filled in, with its {@code status} event; 429 when
   * {@code residual.training.max-pending} jobs are queued already. Call inside the caller's
   * transaction: {@link JobQueued} wakes the workers once it commits.
   */
  TrainingJob enqueue(String kind, String dataset, Object resolvedRequest) {
    return enqueue(kind, dataset, resolvedRequest, null);
  }

  /** As {@link #enqueue(String, String, Object)}, as a cell of an experiment when tagged. */
  TrainingJob enqueue(String kind, String dataset, Object resolvedRequest, JobTag tag) {
    if (jobs.count(JobStatus.QUEUED) >= properties.maxPending()) {
      throw new ClientBacklogException(
          "There are already " + properties.maxPending() + " queued jobs; try again later",
          Duration.ofSeconds(60));
    }
    String id = UUID.randomUUID().toString();
    jobs.insert(id, kind, dataset, views.toJson(resolvedRequest), tag, Instant.now());
    events.append(id, JobEventData.STATUS, new JobEventData.Status(JobStatus.QUEUED, null));
    publisher.publishEvent(new JobQueued(JobId.of(id)));
    return views.toJob(jobs.find(id).orElseThrow());
  }
}

package dev.residual.datasets.download;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.system.ConflictException;
import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import dev.residual.system.ServerErrors;
import dev.residual.system.ServiceBusyException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Runs dataset downloads as background jobs on their own small executor (one at a time, a few
 * queued, then 503), separate from the training queue. Each job keeps its events, which {@link
 * DownloadFeed} streams through the streaming module, and every append publishes a wake-up for its
 * streams. The last job per dataset is kept in memory for late subscribers; a restart forgets it,
 * and the download starts again on request.
 */
@Service
class DownloadJobs {

  static final int MAX_QUEUED = 4;

  private static final Logger log = LoggerFactory.getLogger(DownloadJobs.class);

  private final DatasetCatalog catalog;
  private final ApplicationEventPublisher events;
  private final Map<String, DownloadJob> jobs = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(MAX_QUEUED),
          DaemonThreads.named("dataset-download"));

  DownloadJobs(DatasetCatalog catalog, ApplicationEventPublisher events) {
    this.catalog = catalog;
    this.events = events;
  }

  /** The running (or new) job, or empty when the dataset is already available. */
  synchronized Optional<DownloadJob> start(String name) {
    DatasetSummary summary = catalog.describe(name);
    if (summary.status() == DatasetStatus.AVAILABLE) {
      return Optional.empty();
    }
    if (summary.status() == DatasetStatus.MISSING) {
      throw new ConflictException(
          "downloads are disabled (residual.datasets.downloads-enabled=false)");
    }
    DownloadJob existing = jobs.get(name);
    if (existing != null && !existing.finished()) {
      return Optional.of(existing);
    }
    DownloadJob job =
        new DownloadJob(name, () -> events.publishEvent(new DownloadFeed.Appended(name)));
    job.append(DownloadEventData.PHASE, new DownloadEventData.Phase("queued"));
    try {
      executor.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      throw new ServiceBusyException(
          "Too many dataset downloads are queued; try again later", Duration.ofSeconds(30));
    }
    jobs.put(name, job);
    return Optional.of(job);
  }

  Optional<DownloadJob> find(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  private void run(DownloadJob job) {
    job.running();
    try {
      DatasetSummary summary = catalog.download(job.name(), new DownloadProgressEvents(job));
      job.succeed(
          new DownloadEventData.Done(
              "available",
              summary.name(),
              summary.classes(),
              summary.trainSize(),
              summary.validSize(),
              summary.imageShape()));
    } catch (DomainException e) {
      job.fail(new DownloadEventData.Failed(ServerErrors.redactPaths(e.getMessage())));
    } catch (Exception e) {
      log.warn("Download of {} failed: {}", job.name(), e.toString());
      job.fail(
          new DownloadEventData.Failed(
              ServerErrors.isDiskFull(e)
                  ? "the service's disk is full"
                  : ServerErrors.describe(e)));
    }
  }

  @PreDestroy
  void shutdown() {
    // Interrupting the download aborts it and removes its staging directory.
    executor.shutdownNow();
  }
}

package dev.residual.datasets.download;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.system.ConflictException;
import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import dev.residual.system.NotFoundException;
import dev.residual.system.ServerErrors;
import dev.residual.system.ServiceBusyException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Runs dataset downloads as background jobs on their own small executor (one at a time, a few
 * queued, then 503), separate from the training queue, and streams their events over SSE with
 * heartbeats, a timeout, a bound on open streams and clean-up on completion, timeout or error. The
 * last job per dataset is kept in memory for late subscribers; a restart forgets it, and the
 * download starts again on request.
 */
@Service
class DownloadJobs {

  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
  static final int MAX_STREAMS = 64;
  static final int MAX_QUEUED = 4;

  private static final Logger log = LoggerFactory.getLogger(DownloadJobs.class);

  private final DatasetCatalog catalog;
  private final Map<String, DownloadJob> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger streams = new AtomicInteger();
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(MAX_QUEUED),
          DaemonThreads.named("dataset-download"));
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dataset-download-sse"));

  DownloadJobs(DatasetCatalog catalog) {
    this.catalog = catalog;
    heartbeats.scheduleAtFixedRate(
        () -> jobs.values().forEach(DownloadJob::heartbeat),
        HEARTBEAT.toSeconds(),
        HEARTBEAT.toSeconds(),
        TimeUnit.SECONDS);
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
    DownloadJob job = new DownloadJob(name);
    job.append("phase", Map.of("phase", "queued"));
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

  SseEmitter stream(String name, long lastEventId) {
    DownloadJob job =
        find(name).orElseThrow(() -> new NotFoundException("download of dataset", name));
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      throw new ServiceBusyException("Too many open download streams", Duration.ofSeconds(5));
    }
    SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
    AtomicInteger once = new AtomicInteger();
    Runnable cleanUp =
        () -> {
          if (once.getAndIncrement() == 0) {
            job.unsubscribe(emitter);
            streams.decrementAndGet();
          }
        };
    emitter.onCompletion(cleanUp);
    emitter.onTimeout(cleanUp);
    emitter.onError(error -> cleanUp.run());
    job.subscribe(emitter, lastEventId);
    return emitter;
  }

  private void run(DownloadJob job) {
    job.running();
    try {
      DatasetSummary summary = catalog.download(job.name(), new DownloadProgressEvents(job));
      Map<String, Object> done = new LinkedHashMap<>();
      done.put("status", "available");
      done.put("name", summary.name());
      done.put("classes", summary.classes());
      done.put("trainSize", summary.trainSize());
      done.put("validSize", summary.validSize());
      done.put("imageShape", summary.imageShape());
      job.finish(true, done);
    } catch (DomainException e) {
      job.finish(false, failure(ServerErrors.redactPaths(e.getMessage())));
    } catch (Exception e) {
      log.warn("Download of {} failed: {}", job.name(), e.toString());
      job.finish(
          false,
          failure(
              ServerErrors.isDiskFull(e)
                  ? "the service's disk is full"
                  : ServerErrors.describe(e)));
    }
  }

  private static Map<String, Object> failure(String reason) {
    return Map.of("status", "failed", "reason", reason);
  }

  @PreDestroy
  void shutdown() {
    // Interrupting the download aborts it and removes its staging directory.
    executor.shutdownNow();
    heartbeats.shutdownNow();
  }
}

package dev.residual.streaming;

import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import dev.residual.system.NotFoundException;
import dev.residual.system.ServiceBusyException;
import dev.residual.training.JobEventsAppended;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live streams of training-job events. The training module calls {@link #wakeUp(String)} after it
 * appends events so that local subscribers see them at once; everything else is polled from the
 * database, so a job running on another instance streams too, only up to one poll interval later.
 *
 * <p>All reads and writes happen on one daemon pump thread owned here, never on a request thread or
 * Spring MVC's async executor. The streams are completed when the context stops, before the web
 * server's graceful shutdown, so that open streams do not hold the shutdown up.
 */
@Component
public class JobEventStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);
  private static final String STOPPING = "The service is stopping; reconnect with Last-Event-ID";

  private final JobEventSource source;
  private final StreamingProperties properties;
  private final StreamRegistry registry;
  private final EventPump pump;

  /** Jobs with a pump task queued already: a burst of wake-ups costs one pass, not one each. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  private final ThreadPoolExecutor writers;
  private volatile ScheduledExecutorService executor;
  private volatile boolean stopped;
  private volatile boolean failing;

  JobEventStreams(JobEventSource source, StreamingProperties properties, MeterRegistry meters) {
    this.source = source;
    this.properties = properties;
    this.registry = new StreamRegistry(properties.maxStreams(), properties.maxStreamsPerClient());
    // A thread per write under way, made only when needed: a client that stops reading holds one
    // until its write times out, never the pump or another client's stream.
    this.writers =
        new ThreadPoolExecutor(
            0,
            2 * properties.maxStreams(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "sse-writer");
              thread.setDaemon(true);
              return thread;
            });
    this.pump = new EventPump(source, registry, properties.pageSize(), writers);
    Gauge.builder("residual.sse.streams", registry, StreamRegistry::size)
        .description("Open server-sent event streams of training-job events")
        .register(meters);
  }

  /**
   * Tells the streams that the job has new events. Cheap and non-blocking: the caller's thread only
   * queues a pump pass, and nothing happens when nobody follows the job.
   */
  /** Wakes the job's streams once its appended events are committed and visible. */
  @TransactionalEventListener(fallbackExecution = true)
  void on(JobEventsAppended event) {
    wakeUp(event.jobId().toString());
  }

  public void wakeUp(String jobId) {
    if (registry.hasSubscribers(jobId)) {
      schedule(jobId);
    }
  }

  /**
   * Opens a stream of the job's events with an id greater than {@code lastEventId}.
   *
   * @throws DomainException 404 if there is no such job
   * @throws ServiceBusyException 503 if {@code max-streams} are open or the service is stopping
   */
  SseEmitter open(String jobId, long lastEventId) {
    return open(jobId, lastEventId, "");
  }

  /**
   * Opens a stream for {@code client} (its address), which may hold {@code max-streams-per-client}
   * of them.
   *
   * @throws DomainException 404 if there is no such job
   * @throws ServiceBusyException 503 if too many streams are open, or the service is stopping
   */
  SseEmitter open(String jobId, long lastEventId, String client) {
    return open(jobId, lastEventId, "Training job", jobId, client);
  }

  /**
   * Opens a stream of the events of every job of an experiment, with the same replay, heartbeat and
   * limits as a job's stream; it ends with the experiment's own {@code done}.
   *
   * @throws DomainException 404 if there is no such experiment
   * @throws ServiceBusyException 503 if {@code max-streams} are open or the service is stopping
   */
  SseEmitter openExperiment(String experimentId, long lastEventId) {
    return open(ExperimentEvents.key(experimentId), lastEventId, "Experiment", experimentId, "");
  }

  private SseEmitter open(String jobId, long lastEventId, String what, String id, String client) {
    if (source.status(jobId).isEmpty()) {
      throw new NotFoundException(what, id);
    }
    SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
    Subscriber subscriber = new Subscriber(jobId, lastEventId, new SseEmitterSink(emitter), client);
    if (stopped) {
      throw busy(STOPPING);
    }
    if (!registry.tryAdd(subscriber)) {
      throw busy("Too many open event streams; reconnect later with Last-Event-ID");
    }
    emitter.onCompletion(() -> registry.remove(subscriber));
    emitter.onError(e -> registry.remove(subscriber));
    emitter.onTimeout(
        () -> {
          // Completing (not erroring) ends the response cleanly; the client resumes from its id.
          registry.remove(subscriber);
          emitter.complete();
        });
    if (stopped) {
      // stop() ran between the check above and the add: it did not see this subscriber.
      registry.remove(subscriber);
      throw busy(STOPPING);
    }
    // Replay starts on the pump thread at once instead of waiting for the next poll.
    schedule(jobId);
    return emitter;
  }

  @Override
  public void start() {
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sse-pump"));
    long poll = properties.pollInterval().toMillis();
    long heartbeat = properties.heartbeat().toMillis();
    started.scheduleWithFixedDelay(this::pollAll, 0, poll, TimeUnit.MILLISECONDS);
    started.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    stopped = false;
    executor = started;
  }

  @Override
  public void stop() {
    stopped = true;
    ScheduledExecutorService running = executor;
    executor = null;
    if (running != null) {
      running.shutdown();
      try {
        // Let a pass in progress finish so that no event is written after its stream completed.
        if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
          running.shutdownNow();
        }
      } catch (InterruptedException e) {
        running.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    pump.completeAll();
    pending.clear();
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  private ServiceBusyException busy(String detail) {
    return new ServiceBusyException(detail, properties.retryAfter());
  }

  private void schedule(String jobId) {
    ScheduledExecutorService running = executor;
    if (running == null || !pending.add(jobId)) {
      return;
    }
    try {
      running.execute(() -> pumpJob(jobId));
    } catch (RejectedExecutionException e) {
      pending.remove(jobId);
    }
  }

  private void pollAll() {
    for (String jobId : registry.jobs()) {
      pumpJob(jobId);
    }
  }

  /**
   * Runs one pass for one job. Exceptions are caught because a scheduled task that throws is never
   * run again, which would silently freeze every stream.
   */
  private void pumpJob(String jobId) {
    pending.remove(jobId);
    try {
      if (pump.pump(jobId)) {
        schedule(jobId);
      }
      failing = false;
    } catch (RuntimeException e) {
      // Logged once per outage, not four times a second per job.
      if (!failing) {
        log.warn("Reading events of training job {} failed; retrying every poll", jobId, e);
      }
      failing = true;
    }
  }

  private void heartbeat() {
    try {
      pump.heartbeat();
    } catch (RuntimeException e) {
      log.warn("Sending SSE heartbeats failed", e);
    }
  }
}

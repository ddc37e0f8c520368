package dev.residual.streaming;

import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import dev.residual.system.NotFoundException;
import dev.residual.system.ServiceBusyException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
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
 * Live server-sent event streams of any {@link EventFeed}: replay after {@code Last-Event-ID}, new
 * events as they come, heartbeats, a timeout, and caps on open streams overall and per client. A
 * {@link StreamAppended} wakes a stream's subscribers at once; everything else is polled from the
 * feed, so a job running on another instance streams too, only up to one poll interval later.
 *
 * <p>All reads and writes happen on one daemon pump thread owned here, never on a request thread or
 * Spring MVC's async executor. The streams are completed when the context stops, before the web
 * server's graceful shutdown, so that open streams do not hold the shutdown up.
 */
@Component
public class EventStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final String STOPPING = "The service is stopping; reconnect with Last-Event-ID";

  private final StreamingProperties properties;
  private final StreamRegistry registry;
  private final EventPump pump;

  /** The feeds streams were opened on, by name, so that a wake-up finds its topic. */
  private final Map<String, EventFeed> feeds = new ConcurrentHashMap<>();

  /** Topics with a pump task queued already: a burst of wake-ups costs one pass, not one each. */
  private final Set<Topic> pending = ConcurrentHashMap.newKeySet();

  private final ThreadPoolExecutor writers;
  private volatile ScheduledExecutorService executor;
  private volatile boolean stopped;
  private volatile boolean failing;

  public EventStreams(StreamingProperties properties, MeterRegistry meters) {
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
    this.pump = new EventPump(registry, properties.pageSize(), writers);
    Gauge.builder("residual.sse.streams", registry, StreamRegistry::size)
        .description("Open server-sent event streams")
        .register(meters);
  }

  /** Wakes the stream's subscribers once the appended events are committed and visible. */
  @TransactionalEventListener(fallbackExecution = true)
  void on(StreamAppended event) {
    wakeUp(event.feed(), event.key());
  }

  /**
   * Tells the streams that a stream has new events. Cheap and non-blocking: the caller's thread
   * only queues a pump pass, and nothing happens when nobody follows the stream.
   */
  public void wakeUp(String feed, String key) {
    EventFeed known = feeds.get(feed);
    if (known == null) {
      return;
    }
    Topic topic = new Topic(known, key);
    if (registry.hasSubscribers(topic)) {
      schedule(topic);
    }
  }

  /**
   * Opens a stream of the events of {@code feed}'s stream {@code key} with an id greater than
   * {@code lastEventId}, for {@code client} (its address, empty for none), which may hold {@code
   * max-streams-per-client} of them. It ends after the feed's last event, or when the stream is
   * gone.
   *
   * @throws DomainException 404 if the feed has no such stream
   * @throws ServiceBusyException 503 if too many streams are open, or the service is stopping
   */
  public SseEmitter open(EventFeed feed, String key, long lastEventId, String client) {
    if (feed.state(key).isEmpty()) {
      throw new NotFoundException(feed.subject(), key);
    }
    EventFeed registered = feeds.computeIfAbsent(feed.name(), name -> feed);
    if (registered != feed) {
      throw new IllegalArgumentException("Two event feeds are named " + feed.name());
    }
    Topic topic = new Topic(feed, key);
    SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
    Subscriber subscriber = new Subscriber(topic, lastEventId, new SseEmitterSink(emitter), client);
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
    schedule(topic);
    return emitter;
  }

  /** Opens a stream for no particular client: only the overall cap applies. */
  public SseEmitter open(EventFeed feed, String key, long lastEventId) {
    return open(feed, key, lastEventId, "");
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

  private void schedule(Topic topic) {
    ScheduledExecutorService running = executor;
    if (running == null || !pending.add(topic)) {
      return;
    }
    try {
      running.execute(() -> pumpTopic(topic));
    } catch (RejectedExecutionException e) {
      pending.remove(topic);
    }
  }

  private void pollAll() {
    for (Topic topic : registry.topics()) {
      pumpTopic(topic);
    }
  }

  /**
   * Runs one pass for one topic. Exceptions are caught because a scheduled task that throws is
   * never run again, which would silently freeze every stream.
   */
  private void pumpTopic(Topic topic) {
    pending.remove(topic);
    try {
      if (pump.pump(topic)) {
        schedule(topic);
      }
      failing = false;
    } catch (RuntimeException e) {
      // Logged once per outage, not four times a second per stream.
      if (!failing) {
        log.warn(
            "Reading events of {} {} failed; retrying every poll",
            topic.feed().name(),
            topic.key(),
            e);
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

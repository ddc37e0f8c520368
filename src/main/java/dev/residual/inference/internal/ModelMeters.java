package dev.residual.inference.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one served model, tagged {@code model} and {@code version}: time in the queue,
 * batch size, forward-pass latency and refusals. The same version may be loaded twice for a moment
 * (rolled back while its old instance still drains), so meters are shared per key and removed only
 * when the last instance closes; retired versions then leave the Prometheus endpoint.
 */
final class ModelMeters implements BatchWorkers.BatchListener {

  private final Factory factory;
  private final ModelKey key;
  private final Tags tags;
  private final Timer queueWait;
  private final DistributionSummary batchSize;
  private final Timer forward;
  private int users;

  private ModelMeters(Factory factory, ModelKey key) {
    MeterRegistry registry = factory.registry;
    this.factory = factory;
    this.key = key;
    this.tags = Tags.of("model", key.modelTag(), "version", key.versionTag());
    this.queueWait =
        Timer.builder("residual.inference.queue.wait")
            .description("Time an image waited for its batch")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("residual.inference.batch.size")
            .description("Images per forward pass")
            .tags(tags)
            .publishPercentileHistogram()
            .maximumExpectedValue(1024.0)
            .register(registry);
    this.forward =
        Timer.builder("residual.inference.forward")
            .description("Inference latency: one batch's forward pass")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
  }

  @Override
  public void onBatch(int size, long[] queuedNanos, long runNanos) {
    batchSize.record(size);
    forward.record(runNanos, TimeUnit.NANOSECONDS);
    for (long queued : queuedNanos) {
      queueWait.record(queued, TimeUnit.NANOSECONDS);
    }
  }

  /** Counts a request refused with 503, by {@code reason}. */
  void rejected(String reason) {
    rejectedCounter(reason).increment();
  }

  private Counter rejectedCounter(String reason) {
    return Counter.builder("residual.inference.rejected")
        .description("Requests refused with 503")
        .tags(tags.and("reason", reason))
        .register(factory.registry);
  }

  /** Ends this instance's use; the last one removes the meters. */
  void release() {
    factory.release(this);
  }

  /** Hands out one shared {@link ModelMeters} per model key. */
  static final class Factory {

    private final MeterRegistry registry;
    private final Map<ModelKey, ModelMeters> open = new HashMap<>();

    Factory(MeterRegistry registry) {
      this.registry = registry;
    }

    synchronized ModelMeters acquire(ModelKey key) {
      ModelMeters meters = open.computeIfAbsent(key, k -> new ModelMeters(this, k));
      meters.users++;
      return meters;
    }

    private synchronized void release(ModelMeters meters) {
      if (--meters.users > 0) {
        return;
      }
      open.remove(meters.key);
      for (Meter meter : new Meter[] {meters.queueWait, meters.batchSize, meters.forward}) {
        registry.remove(meter);
      }
      registry
          .find("residual.inference.rejected")
          .tags(meters.tags)
          .meters()
          .forEach(registry::remove);
    }
  }
}

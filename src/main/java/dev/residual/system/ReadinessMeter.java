package dev.residual.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code residual.readiness}: 1 while the readiness health group (the probe Kubernetes asks) is UP,
 * else 0, read at each scrape, so that alerts can see an instance flapping in and out of service.
 */
@Component
class ReadinessMeter {

  ReadinessMeter(MeterRegistry registry, ObjectProvider<HealthEndpoint> health) {
    Gauge.builder("residual.readiness", health, ReadinessMeter::ready)
        .description("1 while this instance's readiness group is UP, else 0")
        .strongReference(true)
        .register(registry);
  }

  private static double ready(ObjectProvider<HealthEndpoint> health) {
    HealthEndpoint endpoint = health.getIfAvailable();
    if (endpoint == null) {
      return Double.NaN;
    }
    HealthDescriptor readiness = endpoint.healthForPath("readiness");
    return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
  }
}

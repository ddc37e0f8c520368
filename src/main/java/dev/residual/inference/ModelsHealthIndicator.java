package dev.residual.inference;

import dev.residual.inference.registry.ModelSync;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code models}, meant for the readiness group: DOWN until the active version of
 * every model has been loaded and warmed up at start-up, and while any of them failed to load, so
 * that traffic reaches an instance only once it can answer predictions.
 */
@Component
class ModelsHealthIndicator implements HealthIndicator {

  private final ModelSync sync;
  private final ModelDeployments deployments;

  ModelsHealthIndicator(ModelSync sync, ModelDeployments deployments) {
    this.sync = sync;
    this.deployments = deployments;
  }

  @Override
  public Health health() {
    if (!sync.hasSynced()) {
      return Health.down().withDetail("reason", "loading the active models").build();
    }
    Map<String, String> failures = deployments.failures();
    Map<String, String> served = new LinkedHashMap<>();
    deployments.served().forEach((name, version) -> served.put(name, "version " + version));
    Health.Builder health = failures.isEmpty() ? Health.up() : Health.down();
    return health.withDetail("served", served).withDetail("failed", failures).build();
  }
}

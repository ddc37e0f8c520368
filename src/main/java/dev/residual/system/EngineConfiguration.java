package dev.residual.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the engine eagerly and reports it on the health endpoint (component {@code djl}). */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  @Bean
  EngineInfo engineInfo() {
    return EngineInfo.load();
  }

  @Bean
  HealthIndicator djlHealthIndicator(EngineInfo engine) {
    return () ->
        Health.up()
            .withDetail("engine", engine.name())
            .withDetail("version", engine.version())
            .withDetail("device", engine.device())
            .withDetail("gpus", engine.gpus())
            .build();
  }
}

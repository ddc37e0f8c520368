package dev.residual.inference;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.inference.internal.ModelLoader;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the serving internals, which are plain classes, with their settings. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

  @Bean
  ModelLoader modelLoader(
      CheckpointStore checkpoints, InferenceProperties properties, MeterRegistry registry) {
    return new ModelLoader(checkpoints, properties.batchSettings(), registry);
  }
}

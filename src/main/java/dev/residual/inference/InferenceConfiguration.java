package dev.residual.inference;

import dev.residual.checkpoints.CheckpointNetworks;
import dev.residual.checkpoints.CheckpointStore;
import dev.residual.checkpoints.OnnxExports;
import dev.residual.inference.internal.BatchSettings;
import dev.residual.inference.internal.InferenceEngine;
import dev.residual.inference.internal.ModelLoader;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the serving internals, which are plain classes, with their settings. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

  @Bean
  ModelLoader modelLoader(
      CheckpointStore checkpoints,
      CheckpointNetworks networks,
      OnnxExports exports,
      InferenceProperties properties,
      MeterRegistry registry) {
    BatchSettings batching = properties.batchSettings(Runtime.getRuntime().availableProcessors());
    return properties.engine() == InferenceEngine.PYTORCH
        ? ModelLoader.pytorch(checkpoints, networks, batching, registry)
        : ModelLoader.onnxRuntime(
            checkpoints, exports, properties.onnxruntime().settings(), batching, registry);
  }
}

package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The serving settings as Spring binds them: defaults, the automatic worker count, bad values. */
class InferencePropertiesTest {

  private static InferenceProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("residual.inference", InferenceProperties.class);
  }

  @Test
  void servesOnOneOrtThreadPerForwardPassAndOneWorkerPerCoreByDefault() {
    InferenceProperties defaults = bind(Map.of());

    assertThat(defaults.onnxruntime().intraOpThreads()).isEqualTo(1);
    assertThat(defaults.batchSettings(2).workers()).isEqualTo(2);
    assertThat(defaults.batchSettings(8).workers()).isEqualTo(8);
    assertThat(defaults.batchSettings(1).workers()).isEqualTo(1);
  }

  @Test
  void automaticWorkersShareTheCoresBetweenTheIntraOpThreadsOfEachPass() {
    assertThat(
            bind(Map.of("residual.inference.onnxruntime.intra-op-threads", "2"))
                .batchSettings(8)
                .workers())
        .isEqualTo(4);
    assertThat(
            bind(Map.of("residual.inference.onnxruntime.intra-op-threads", "4"))
                .batchSettings(2)
                .workers())
        .isEqualTo(1);
    // 0 lets ONNX Runtime take every core for each pass: one worker
    assertThat(
            bind(Map.of("residual.inference.onnxruntime.intra-op-threads", "0"))
                .batchSettings(8)
                .workers())
        .isEqualTo(1);
  }

  @Test
  void pytorchSplitsEachPassOverEveryCoreItselfSoItRunsOneWorker() {
    assertThat(bind(Map.of("residual.inference.engine", "pytorch")).batchSettings(8).workers())
        .isEqualTo(1);
  }

  @Test
  void onnxRuntimeTakesWhatIsWaitingAtOnceWhilePytorchHoldsBatchesOpenUnlessTold() {
    assertThat(bind(Map.of()).batchSettings(2).maxBatchDelay()).isZero();
    assertThat(
            bind(Map.of("residual.inference.max-batch-delay", "1ms"))
                .batchSettings(2)
                .maxBatchDelay())
        .isEqualTo(Duration.ofMillis(1));
    assertThat(
            bind(Map.of("residual.inference.engine", "pytorch")).batchSettings(2).maxBatchDelay())
        .isEqualTo(Duration.ofMillis(5));
    assertThat(
            bind(Map.of(
                    "residual.inference.engine",
                    "pytorch",
                    "residual.inference.max-batch-delay",
                    "2ms"))
                .batchSettings(2)
                .maxBatchDelay())
        .isEqualTo(Duration.ofMillis(2));
    assertThat(
            bind(Map.of(
                    "residual.inference.engine",
                    "pytorch",
                    "residual.inference.max-batch-delay",
                    "0ms"))
                .batchSettings(2)
                .maxBatchDelay())
        .isZero();
  }

  @Test
  void anExplicitWorkerCountWinsOnEitherEngine() {
    assertThat(bind(Map.of("residual.inference.workers", "3")).batchSettings(8).workers())
        .isEqualTo(3);
    assertThat(
            bind(Map.of("residual.inference.workers", "3", "residual.inference.engine", "pytorch"))
                .batchSettings(8)
                .workers())
        .isEqualTo(3);
  }

  @Test
  void aNegativeWorkerCountFailsAtBinding() {
    assertThatThrownBy(() -> bind(Map.of("residual.inference.workers", "-1")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("residual.inference.workers");
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

  @Test
  void buildsWithTheServiceDefaults() {
    TrainingSettings nesterov =
        TrainingSettings.builder().setEpochs(5).setLearningRate(0.1).build();
    assertThat(nesterov.optimizer()).isEqualTo(OptimizerKind.NESTEROV);
    assertThat(nesterov.batchSize()).isEqualTo(128);
    assertThat(nesterov.schedule()).isEqualTo(ScheduleKind.ONE_CYCLE);
    assertThat(nesterov.pctStart()).isEqualTo(0.25);
    assertThat(nesterov.weightDecay()).isEqualTo(0.005);
    assertThat(nesterov.labelSmoothing()).isEqualTo(0.1);
    assertThat(nesterov.imageSize()).isNull();
    assertThat(nesterov.limitTrainBatches()).isNull();
    TrainingSettings adam =
        TrainingSettings.builder()
            .setEpochs(1)
            .setLearningRate(1e-3)
            .optOptimizer(OptimizerKind.ADAMW)
            .build();
    assertThat(adam.weightDecay()).isEqualTo(0.01);
  }

  @Test
  void requiresEpochsAndLearningRate() {
    assertThatThrownBy(() -> TrainingSettings.builder().setLearningRate(0.1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs");
    assertThatThrownBy(() -> TrainingSettings.builder().setEpochs(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learningRate");
  }

  @Test
  void rejectsValuesThatCannotTrain() {
    assertThatThrownBy(() -> base().setLearningRate(Double.NaN).build())
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> base().optBatchSize(0).build()).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> base().optWeightDecay(-1).build()).hasMessageContaining("weightDecay");
    assertThatThrownBy(() -> base().optImageSize(0).build()).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> base().optLabelSmoothing(1).build())
        .hasMessageContaining("labelSmoothing");
    assertThatThrownBy(() -> base().optPctStart(0).build()).hasMessageContaining("pctStart");
    assertThatThrownBy(() -> base().optLimitTrainBatches(0).build())
        .hasMessageContaining("limitTrainBatches");
  }

  private static TrainingSettings.Builder base() {
    return TrainingSettings.builder().setEpochs(1).setLearningRate(0.1);
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

  @Test
  void buildsWithFastaiDefaults() {
    TrainingSettings sgd = TrainingSettings.builder().setEpochs(5).setLearningRate(0.1).build();
    assertThat(sgd.schedule()).isEqualTo(ScheduleKind.ONE_CYCLE);
    assertThat(sgd.pctStart()).isEqualTo(0.25);
    assertThat(sgd.weightDecay()).isZero();
    assertThat(sgd.labelSmoothing()).isZero();
    assertThat(sgd.imageSize()).isNull();
    assertThat(sgd.limitTrainBatches()).isNull();
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

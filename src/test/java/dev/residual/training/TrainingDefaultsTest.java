package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Optimizer, batch size, learning rate and weight decay defaults: SGD with Nesterov momentum at
 * 0.2; AdamW's default rate follows the batch size.
 */
class TrainingDefaultsTest {

  private static TrainingJobRequest request(
      Integer batchSize, Double learningRate, String optimizer, Integer imageSize) {
    return new TrainingJobRequest(
        "fashion-mnist",
        "resnet18",
        5,
        batchSize,
        learningRate,
        optimizer,
        null,
        imageSize,
        1L,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void batchesOf128WithNesterovMomentumAtTheMeasuredRate() {
    TrainingJobRequest resolved = TrainingDefaults.apply(request(null, null, null, null), 28);
    assertThat(resolved.batchSize()).isEqualTo(128);
    assertThat(resolved.optimizer()).isEqualTo("nesterov");
    assertThat(resolved.learningRate()).isEqualTo(0.2);
    assertThat(resolved.weightDecay()).isEqualTo(0.005);
    assertThat(resolved.imageSize()).isEqualTo(28);
  }

  @Test
  void eachOptimizerHasItsOwnRateAndDecay() {
    TrainingJobRequest adamW = TrainingDefaults.apply(request(null, null, "adamw", null), 28);
    assertThat(adamW.learningRate()).isEqualTo(0.002);
    assertThat(adamW.weightDecay()).isEqualTo(0.01);
    TrainingJobRequest sgd = TrainingDefaults.apply(request(null, null, "sgd", null), 28);
    assertThat(sgd.learningRate()).isEqualTo(0.1);
    assertThat(sgd.weightDecay()).isEqualTo(0.005);
  }

  @Test
  void anExplicitBatchSizeScalesOnlyTheDefaultAdamWRate() {
    assertThat(TrainingDefaults.apply(request(64, null, "adamw", null), 28).learningRate())
        .isEqualTo(0.0014);
    assertThat(TrainingDefaults.apply(request(256, null, "adamw", null), 28).learningRate())
        .isEqualTo(0.0028);
    assertThat(TrainingDefaults.apply(request(512, null, "adamw", null), 28).learningRate())
        .isEqualTo(0.004);
    assertThat(TrainingDefaults.apply(request(64, 0.01, null, null), 28).learningRate())
        .isEqualTo(0.01);
    assertThat(TrainingDefaults.apply(request(64, null, "sgd", null), 28).learningRate())
        .isEqualTo(0.1);
    assertThat(TrainingDefaults.apply(request(256, null, null, null), 28).learningRate())
        .as("the SGD variants keep their rate at any batch size")
        .isEqualTo(0.2);
  }
}

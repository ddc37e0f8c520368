package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Batch size and learning rate defaults: AdamW's default rate follows the batch size. */
class TrainingDefaultsTest {

  private static TrainingJobRequest request(
      Integer batchSize, Double learningRate, String optimizer, Integer imageSize) {
    return new TrainingJobRequest(
        "fashion-mnist", "resnet18", 5, batchSize, learningRate, optimizer, null, imageSize, 1L,
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void batchesOf128WithAdamWAtItsBaseRate() {
    TrainingJobRequest resolved = TrainingDefaults.apply(request(null, null, null, null), 28);
    assertThat(resolved.batchSize()).isEqualTo(128);
    assertThat(resolved.learningRate()).isEqualTo(0.002);
    assertThat(resolved.optimizer()).isEqualTo("adamw");
    assertThat(resolved.imageSize()).isEqualTo(28);
  }

  @Test
  void anExplicitBatchSizeScalesOnlyTheDefaultAdamWRate() {
    assertThat(TrainingDefaults.apply(request(64, null, null, null), 28).learningRate())
        .isEqualTo(0.0014);
    assertThat(TrainingDefaults.apply(request(256, null, null, null), 28).learningRate())
        .isEqualTo(0.0028);
    assertThat(TrainingDefaults.apply(request(512, null, null, null), 28).learningRate())
        .isEqualTo(0.004);
    assertThat(TrainingDefaults.apply(request(64, 0.01, null, null), 28).learningRate())
        .isEqualTo(0.01);
    assertThat(TrainingDefaults.apply(request(64, null, "sgd", null), 28).learningRate())
        .isEqualTo(0.1);
    assertThat(TrainingDefaults.apply(request(256, null, "nesterov", null), 28).learningRate())
        .as("both SGD variants keep 0.1 at any batch size")
        .isEqualTo(0.1);
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.LabeledDataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressiveResizingTest {

  private static final List<ImageSizeStep> STEPS =
      List.of(new ImageSizeStep(0, 12), new ImageSizeStep(2, 20), new ImageSizeStep(3, 28));

  @Test
  void sizeSwitchesAtTheStepEpochs() {
    TrainingSettings s =
        TrainingSettings.builder().setEpochs(5).setLearningRate(0.01).optImageSizes(STEPS).build();
    assertThat(
            List.of(
                s.imageSizeAt(0),
                s.imageSizeAt(1),
                s.imageSizeAt(2),
                s.imageSizeAt(3),
                s.imageSizeAt(4)))
        .containsExactly(12, 12, 20, 28, 28);
  }

  @Test
  void withoutStepsTheImageSizeHolds() {
    TrainingSettings s =
        TrainingSettings.builder().setEpochs(3).setLearningRate(0.01).optImageSize(16).build();
    assertThat(s.imageSizeAt(0)).isEqualTo(16);
    assertThat(s.imageSizeAt(2)).isEqualTo(16);
  }

  @Test
  void stepsMustStartAtEpochZeroAndIncrease() {
    TrainingSettings.Builder late =
        TrainingSettings.builder()
            .setEpochs(3)
            .setLearningRate(0.01)
            .optImageSizes(List.of(new ImageSizeStep(1, 16)));
    assertThatThrownBy(late::build).hasMessageContaining("epoch 0");
    TrainingSettings.Builder repeated =
        TrainingSettings.builder()
            .setEpochs(3)
            .setLearningRate(0.01)
            .optImageSizes(List.of(new ImageSizeStep(0, 16), new ImageSizeStep(0, 20)));
    assertThatThrownBy(repeated::build).hasMessageContaining("strictly increasing");
  }

  @Test
  void trainingAndValidationBatchesUseEachEpochsSize() {
    // A network that records the input side of every forward pass, epoch by epoch.
    ImageSplit split = new ImageSplit(16, 1, 28, 28, new byte[16 * 28 * 28], new int[16]);
    LabeledDataset data = new LabeledDataset("blank", List.of("a", "b"), split, split);
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(4)
            .setLearningRate(0.01)
            .optBatchSize(8)
            .optImageSizes(STEPS)
            .build();
    List<Long> sides = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = TinyNets.sizeRecorder(2, sides);
      TrainingResult result =
          TrainingRunner.builder().setSettings(settings).setData(data).build().run(block, manager);
      assertThat(result.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
    }
    // The network is initialised at the first epoch's size; then, per epoch, 2 training batches
    // and 2 validation batches.
    assertThat(sides)
        .containsExactly(
            12L, 12L, 12L, 12L, 12L, 12L, 12L, 12L, 12L, 20L, 20L, 20L, 20L, 28L, 28L, 28L, 28L);
  }
}

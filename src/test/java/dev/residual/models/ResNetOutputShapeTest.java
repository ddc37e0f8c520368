package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With the avgpool head one network takes any large-enough size and returns (N, classes). */
class ResNetOutputShapeTest {

  private static final int BATCH = 2;

  /** A narrow four-stage net: the same strides as resnet18 at a fraction of the cost. */
  private static final ArchitectureSpec NARROW =
      new ArchitectureSpec(
          List.of(8, 8, 16), List.of(8, 16, 16, 32), List.of(1, 1, 1, 1), null, null, true);

  @ParameterizedTest(name = "narrow net, {0} px, training={1}")
  @CsvSource({"28, false", "64, false", "160, false", "224, false", "28, true", "224, true"})
  void narrowNetworkGivesOneRowOfScoresPerImage(int side, boolean training) {
    assertThat(outputShape(NARROW, 3, 7, side, training)).isEqualTo(new Shape(BATCH, 7));
  }

  @ParameterizedTest(name = "resnet18, {0} px")
  @CsvSource({"28", "64"})
  void resnet18GivesOneRowOfScoresPerImage(int side) {
    ArchitectureSpec spec = Architectures.named("resnet18").orElseThrow();

    assertThat(outputShape(spec, 1, 10, side, false)).isEqualTo(new Shape(BATCH, 10));
  }

  @ParameterizedTest(name = "built for 64 px, fed {0} px")
  @CsvSource({"28", "160"})
  void oneAvgpoolNetworkTakesOtherSizesToo(int side) {
    Block block = ResNets.build(NARROW, 3, 5, 64, 64);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      NDArray images = manager.randomNormal(new Shape(BATCH, 3, side, side));

      NDList scores = block.forward(new ParameterStore(manager, false), new NDList(images), false);

      assertThat(scores.singletonOrThrow().getShape()).isEqualTo(new Shape(BATCH, 5));
    }
  }

  private static Shape outputShape(
      ArchitectureSpec spec, int channels, int classes, int side, boolean training) {
    Block block = ResNets.build(spec, channels, classes, side, side);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, side, side));
      NDArray images = manager.randomNormal(new Shape(BATCH, channels, side, side));
      NDList scores =
          block.forward(new ParameterStore(manager, false), new NDList(images), training);
      NDArray result = scores.singletonOrThrow();
      assertThat(result.isNaN().any().getBoolean()).isFalse();
      return result.getShape();
    }
  }
}

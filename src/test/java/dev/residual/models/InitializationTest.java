package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code initialize} alone gives a whole network PyTorch's starting values. */
class InitializationTest {

  private static final ArchitectureSpec SPEC =
      new ArchitectureSpec(
          List.of(8, 16), List.of(16, 32, 256), List.of(2, 1, 1), null, null, true);

  @Test
  void everyParameterStartsWhereTheChapterStartsIt() {
    Block block = ResNets.build(SPEC, 3, 1000, 32, 32);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));

      int zeroGammas = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        NDArray value = p.getValue().getArray();
        switch (p.getValue().getType()) {
          case GAMMA -> {
            // The last BatchNorm of each ResBlock's convs; idconv and stem stay at 1.
            boolean last = p.getKey().matches(".*ResBlock_01convs_02ConvLayer_02BatchNorm_gamma");
            zeroGammas += last ? 1 : 0;
            assertThat(allEqual(value, last ? 0f : 1f)).as(p.getKey()).isTrue();
          }
          case BETA, RUNNING_MEAN -> assertThat(allEqual(value, 0f)).as(p.getKey()).isTrue();
          case RUNNING_VAR -> assertThat(allEqual(value, 1f)).as(p.getKey()).isTrue();
          default -> {}
        }
      }
      assertThat(zeroGammas).isEqualTo(4);
    }
  }

  @Test
  void headIsInitializedLikeTorchNnLinear() {
    Block block = ResNets.build(SPEC, 3, 1000, 32, 32);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      NDArray weight = block.getParameters().get("05Head_03Linear_weight").getArray();
      NDArray bias = block.getParameters().get("05Head_03Linear_bias").getArray();

      // U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for both, fan_in 256; its std is bound / sqrt(3).
      float bound = (float) (1 / Math.sqrt(256));
      assertThat(weight.getShape()).isEqualTo(new Shape(1000, 256));
      assertThat(weight.abs().max().getFloat()).isLessThanOrEqualTo(bound);
      assertThat(bias.abs().max().getFloat()).isLessThanOrEqualTo(bound);
      assertThat(bias.abs().max().getFloat()).isGreaterThan(bound / 2);
      double std = Math.sqrt(weight.pow(2).mean().getFloat());
      assertThat(std).isCloseTo(bound / Math.sqrt(3), within(0.02 * bound / Math.sqrt(3)));
    }
  }

  @Test
  void bigConvolutionInsideTheNetworkHasKaimingStd() {
    Block block = ResNets.build(SPEC, 3, 10, 32, 32);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      String path = "04Stage_01ResBlock_01convs_02ConvLayer_01Conv2d_weight";
      NDArray weight = block.getParameters().get(path).getArray();

      double expected = Math.sqrt(2.0 / (256 * 3 * 3));
      assertThat(weight.getShape()).isEqualTo(new Shape(256, 256, 3, 3));
      assertThat(Math.sqrt(weight.pow(2).mean().getFloat()))
          .isCloseTo(expected, within(0.01 * expected));
    }
  }

  @Test
  void flattenHeadRefusesAnotherInputSize() {
    ArchitectureSpec flatten =
        new ArchitectureSpec(null, List.of(8, 16), List.of(1, 1), null, HeadType.FLATTEN, true);
    // 28 px leaves a 4x4 map of 16 channels; 40 px leaves 5x5 (32 px would also leave 4x4).
    Block block = ResNets.build(flatten, 1, 10, 28, 28);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 40, 40)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("head was built for");
    }
  }

  private static boolean allEqual(NDArray array, float value) {
    return array.eq(value).all().getBoolean();
  }
}

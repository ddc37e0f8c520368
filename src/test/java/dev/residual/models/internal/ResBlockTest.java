package dev.residual.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A fresh ResBlock is the identity followed by ReLU, and its shortcut pools like PyTorch. */
class ResBlockTest {

  /**
   * PyTorch's AvgPool2d(2, ceil_mode=True) on 1..15 as a 3x5 image: full 2x2 windows, then the
   * partial ones at the odd edges average only the pixels they cover (padding is 0, so
   * count_include_pad has nothing to count): (1+2+6+7)/4=4, (3+4+8+9)/4=6, (5+10)/2=7.5,
   * (11+12)/2=11.5, (13+14)/2=13.5, 15/1=15. {@code nn.AvgPool2d(2, ceil_mode=True)} printed the
   * same.
   */
  private static final float[] POOLED = {4f, 6f, 7.5f, 11.5f, 13.5f, 15f};

  @ParameterizedTest(name = "bottleneck={0}, training={1}")
  @CsvSource({"false, true", "false, false", "true, true", "true, false"})
  void freshBlockWithEqualWidthsComputesReluOfItsInput(boolean bottleneck, boolean training) {
    ResBlock block = new ResBlock(16, 16, 1, bottleneck, true);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 6, 6));
      NDArray x = manager.randomNormal(new Shape(2, 16, 6, 6));

      NDArray out = forward(block, manager, x, training);

      // Exact: the zeroed gamma makes convs(x) an exact zero, and 0 + x is x.
      assertThat(out.contentEquals(Activation.relu(x))).isTrue();
    }
  }

  @ParameterizedTest(name = "bottleneck={0}")
  @ValueSource(booleans = {false, true})
  void onlyTheLastBatchNormOfConvsStartsAtZero(boolean bottleneck) {
    ResBlock block = new ResBlock(8, bottleneck ? 32 : 16, 2, bottleneck, true);
    String last = "01convs_0" + (bottleneck ? 3 : 2) + "ConvLayer_02BatchNorm_gamma";
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 8, 8));

      int gammas = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getValue().getType() == Parameter.Type.GAMMA) {
          gammas++;
          float expected = p.getKey().equals(last) ? 0f : 1f;
          assertThat(allEqual(p.getValue().getArray(), expected)).as(p.getKey()).isTrue();
        }
      }
      // the convs plus the idconv, which starts at gamma 1 like PyTorch's BatchNorm2d
      assertThat(gammas).isEqualTo(bottleneck ? 4 : 3);
    }
  }

  @ParameterizedTest(name = "bottleneck={0}")
  @ValueSource(booleans = {false, true})
  void withoutShortcutEveryGammaStartsAtOneAndThereIsNoPoolOrIdconv(boolean bottleneck) {
    ResBlock block = new ResBlock(8, bottleneck ? 32 : 16, 2, bottleneck, false);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 8, 8));

      assertThat(block.getChildren().keys()).containsExactly("01convs");
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getValue().getType() == Parameter.Type.GAMMA) {
          assertThat(allEqual(p.getValue().getArray(), 1f)).as(p.getKey()).isTrue();
        }
      }
      NDArray x = manager.randomNormal(new Shape(2, 8, 8, 8));
      NDArray out = forward(block, manager, x, true);
      assertThat(out.getShape()).isEqualTo(new Shape(2, bottleneck ? 32 : 16, 4, 4));
      assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0f);
      assertThat(out.max().getFloat()).isGreaterThan(0f);
    }
  }

  @Test
  void shortcutPoolMatchesPyTorchCeilModeOnAnOddInput() {
    Block pool = ResBlock.shortcutPool();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.arange(1f, 16f).reshape(1, 1, 3, 5);

      NDArray out = forward(pool, manager, x, false);

      assertThat(out.getShape()).isEqualTo(new Shape(1, 1, 2, 3));
      assertThat(out.toFloatArray()).containsExactly(POOLED);
    }
  }

  @Test
  void freshStrideTwoBlockPassesThePooledInputThroughTheShortcut() {
    // ni == nf: no idconv, so a fresh block computes ReLU(0 + pool(x)) = pool(x) for positive x.
    ResBlock block = new ResBlock(1, 1, 2, false, true);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 3, 5));
      NDArray x = manager.arange(1f, 16f).reshape(1, 1, 3, 5);

      NDArray out = forward(block, manager, x, false);

      assertThat(block.getChildren().keys()).containsExactly("01convs", "02pool");
      assertThat(out.toFloatArray()).containsExactly(POOLED);
    }
  }

  private static NDArray forward(Block block, NDManager manager, NDArray x, boolean training) {
    return block
        .forward(new ParameterStore(manager, false), new NDList(x), training)
        .singletonOrThrow();
  }

  private static boolean allEqual(NDArray array, float value) {
    return array.eq(value).all().getBoolean();
  }
}

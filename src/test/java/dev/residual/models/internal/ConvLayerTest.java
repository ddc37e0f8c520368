package dev.residual.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** ConvLayer's parts behave like PyTorch's Conv2d and BatchNorm2d. */
class ConvLayerTest {

  @Test
  void oneByOneConvolutionIsAPerPixelDotProductOverChannels() {
    Conv2d conv = ConvLayer.conv(4, 1, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      conv.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 5, 6));
      NDArray x = manager.randomNormal(new Shape(2, 8, 5, 6));

      NDArray convolved = forward(conv, manager, x, false);

      // einsum("oc,nchw->nohw"): weights (4, 8) times x with channels first, flattened (8, n*h*w).
      NDArray weights = weight(conv).reshape(4, 8);
      NDArray pixels = x.transpose(1, 0, 2, 3).reshape(8, -1);
      NDArray expected = weights.matMul(pixels).reshape(4, 2, 5, 6).transpose(1, 0, 2, 3);
      assertThat(convolved.getShape()).isEqualTo(new Shape(2, 4, 5, 6));
      assertThat(convolved.allClose(expected, 1e-5, 1e-5, false)).isTrue();
    }
  }

  @Test
  void convolutionWeightsAreKaimingNormal() {
    Conv2d conv = ConvLayer.conv(256, 3, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      conv.initialize(manager, DataType.FLOAT32, new Shape(1, 256, 4, 4));
      NDArray w = weight(conv);

      // 589,824 draws: the sample std is within 0.1% of the true one (one standard error).
      double expectedStd = Math.sqrt(2.0 / (256 * 3 * 3));
      double mean = w.mean().getFloat();
      double std = Math.sqrt(w.sub(mean).pow(2).mean().getFloat());
      assertThat(w.getShape()).isEqualTo(new Shape(256, 256, 3, 3));
      assertThat(std).isCloseTo(expectedStd, within(0.01 * expectedStd));
      assertThat(mean).isCloseTo(0.0, within(0.01 * expectedStd));
      assertThat(conv.getParameters().keys()).containsExactly("weight");
    }
  }

  @Test
  void batchNormUsesPyTorchEpsilon() {
    BatchNorm bn = ConvLayer.batchNorm(false);
    try (NDManager manager = NDManager.newBaseManager()) {
      bn.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 3, 3));
      // Alternating +-1e-3: batch mean 0, biased variance 1e-6, the same order as eps.
      NDArray x = manager.arange(36f).reshape(4, 1, 3, 3).mod(2).mul(2e-3f).sub(1e-3f);

      NDArray out = forward(bn, manager, x, true);

      // eps 1e-5 gives 1e-3 / sqrt(1e-6 + 1e-5) = 0.3015; MXNet's 1e-3 would give 0.0316.
      double expected = 1e-3 / Math.sqrt(1e-6 + 1e-5);
      assertThat(out.abs().max().getFloat()).isCloseTo((float) expected, within(1e-4f));
      assertThat(out.abs().min().getFloat()).isCloseTo((float) expected, within(1e-4f));
    }
  }

  @Test
  void batchNormRunningStatisticsMoveByPyTorchMomentum() {
    BatchNorm bn = ConvLayer.batchNorm(false);
    try (NDManager manager = NDManager.newBaseManager()) {
      bn.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 5, 5));
      NDArray x = manager.randomNormal(2f, 3f, new Shape(4, 3, 5, 5), DataType.FLOAT32);

      forward(bn, manager, x, true);

      // PyTorch: running = (1 - 0.1) * running + 0.1 * batch, with the unbiased batch variance;
      // the statistics start at mean 0 and variance 1.
      // DJL's PyTorch mean takes one axis: put the channels first and average the rest.
      NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(3, -1);
      NDArray batchMean = perChannel.mean(new int[] {1});
      long n = perChannel.getShape().get(1);
      NDArray centred = perChannel.sub(batchMean.reshape(3, 1));
      NDArray unbiasedVar = centred.pow(2).sum(new int[] {1}).div(n - 1);
      NDArray runningMean = parameter(bn, "runningMean");
      NDArray runningVar = parameter(bn, "runningVar");
      assertThat(runningMean.allClose(batchMean.mul(0.1f), 1e-5, 1e-5, false)).isTrue();
      assertThat(runningVar.allClose(unbiasedVar.mul(0.1f).add(0.9f), 1e-5, 1e-5, false)).isTrue();
    }
  }

  @Test
  void convLayerRejectsAnInputWithOtherChannels() {
    ConvLayer layer = new ConvLayer(3, 8);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> layer.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 8, 8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expects 3 input channels, got 4");
    }
  }

  @Test
  void convLayerWithoutActivationKeepsNegativeValues() {
    ConvLayer withAct = new ConvLayer(2, 4);
    ConvLayer withoutAct = new ConvLayer(2, 4, 1, 1, false);
    try (NDManager manager = NDManager.newBaseManager()) {
      withAct.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 4, 4));
      withoutAct.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 4, 4));
      NDArray x = manager.randomNormal(new Shape(2, 2, 4, 4));

      assertThat(forward(withAct, manager, x, true).min().getFloat()).isEqualTo(0f);
      assertThat(forward(withoutAct, manager, x, true).min().getFloat()).isLessThan(0f);
      assertThat(withoutAct.getChildren().size()).isEqualTo(2);
    }
  }

  private static NDArray forward(Block block, NDManager manager, NDArray x, boolean training) {
    return block
        .forward(new ParameterStore(manager, false), new NDList(x), training)
        .singletonOrThrow();
  }

  private static NDArray weight(Conv2d conv) {
    return parameter(conv, "weight");
  }

  private static NDArray parameter(Block block, String name) {
    Parameter parameter = block.getParameters().get(name);
    return parameter.getArray();
  }
}

package dev.residual.models.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;

/**
 * The chapter's ConvLayer: Conv2d without bias, BatchNorm, then ReLU when {@code act}.
 *
 * <p>The initializers live on the parameters, so {@code initialize} alone yields PyTorch's start:
 * Kaiming-normal convolution weights, BatchNorm gamma 1 (0 when {@code zeroGamma}) and beta 0.
 */
public final class ConvLayer extends SequentialBlock {

  /**
   * DJL's momentum weighs the old running statistic; its PyTorch engine passes {@code 1 - momentum}
   * to torch, so 0.9 here is PyTorch's default momentum 0.1.
   */
  static final float BN_MOMENTUM = 0.9f;

  static final float BN_EPSILON = 1e-5f;

  private final ConvLayerSpec spec;

  /** {@code ConvLayer(ni, nf)}: 3x3, stride 1, with ReLU. */
  public ConvLayer(int ni, int nf) {
    this(ni, nf, 3, 1, true);
  }

  public ConvLayer(int ni, int nf, int ks, int stride, boolean act) {
    this(new ConvLayerSpec(ni, nf, ks, stride, act, false));
  }

  public ConvLayer(ConvLayerSpec spec) {
    this.spec = spec;
    add(conv(spec.nf(), spec.ks(), spec.stride()));
    add(batchNorm(spec.zeroGamma()));
    if (spec.act()) {
      add(Activation.reluBlock());
    }
  }

  public ConvLayerSpec spec() {
    return spec;
  }

  /** A {@code ks x ks} convolution padded by {@code ks / 2}, no bias, Kaiming-normal weights. */
  public static Conv2d conv(int nf, int ks, int stride) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters(nf)
            .setKernelShape(new Shape(ks, ks))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(ks / 2, ks / 2))
            .optBias(false)
            .build();
    conv.setInitializer(Initializers.KAIMING_NORMAL, Parameter.Type.WEIGHT);
    return conv;
  }

  /** A BatchNorm with PyTorch's eps and momentum, starting at gamma 1 (or 0) and beta 0. */
  public static BatchNorm batchNorm(boolean zeroGamma) {
    BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    bn.setInitializer(zeroGamma ? Initializer.ZEROS : Initializer.ONES, Parameter.Type.GAMMA);
    bn.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
    return bn;
  }

  /** Fails early, with the layer's widths, when fed the wrong number of channels. */
  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long channels = inputShapes[0].get(1);
    if (channels != spec.ni()) {
      throw new IllegalArgumentException(
          spec.label() + " expects " + spec.ni() + " input channels, got " + channels);
    }
    super.initializeChildBlocks(manager, dataType, inputShapes);
  }
}

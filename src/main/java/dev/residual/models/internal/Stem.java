package dev.residual.models.internal;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The stem: a stride-2 ConvLayer, stride-1 ConvLayers through the stem widths, then MaxPool2d(3,
 * stride 2, padding 1).
 */
public final class Stem extends SequentialBlock {

  public Stem(List<ConvLayerSpec> convs) {
    convs.forEach(conv -> add(new ConvLayer(conv)));
    add(maxPool());
  }

  /** PyTorch's {@code MaxPool2d(3, 2, 1)}: floor mode, as PyTorch defaults to. */
  public static Block maxPool() {
    return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
  }
}

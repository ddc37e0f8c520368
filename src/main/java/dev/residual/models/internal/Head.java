package dev.residual.models.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.residual.models.HeadType;

/**
 * The head: AdaptiveAvgPool2d(1), Flatten and Linear, or for {@link HeadType#FLATTEN} Flatten and
 * Linear over every pixel of the last feature map.
 */
public final class Head extends SequentialBlock {

  private final long inFeatures;

  /**
   * @param inFeatures what the linear layer will receive; it sets the bias init and is checked at
   *     initialization, where a flatten head fed another input size would otherwise silently get a
   *     different layer
   */
  public Head(HeadType type, long inFeatures, int numClasses) {
    this.inFeatures = inFeatures;
    if (type == HeadType.AVGPOOL) {
      add(Pool.globalAvgPool2dBlock());
    }
    add(Blocks.batchFlattenBlock());
    Linear linear = Linear.builder().setUnits(numClasses).build();
    linear.setInitializer(Initializers.LINEAR_WEIGHT, Parameter.Type.WEIGHT);
    linear.setInitializer(Initializers.linearBias(inFeatures), Parameter.Type.BIAS);
    add(linear);
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (int i = 0; i < getChildren().size() - 1; i++) {
      shapes = getChildren().get(i).getValue().getOutputShapes(shapes);
    }
    long features = shapes[0].size() / shapes[0].get(0);
    if (features != inFeatures) {
      throw new IllegalArgumentException(
          "head was built for "
              + inFeatures
              + " features but receives "
              + features
              + " (input shape "
              + inputShapes[0]
              + "): a flatten head fixes the input size");
    }
    super.initializeChildBlocks(manager, dataType, inputShapes);
  }
}

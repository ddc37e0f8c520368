package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.BlockType;
import dev.residual.models.HeadType;
import dev.residual.models.ResNets;
import java.util.ArrayList;
import java.util.List;

/** Small chapter-14 ResNets from the model zoo, for tests that must run in seconds. */
final class TinyNets {

  private TinyNets() {}

  /** Stem 8-16, stages of 16 and 32 channels, one basic block each: about 20k parameters. */
  static Block resnet(int numClasses) {
    ArchitectureSpec spec =
        new ArchitectureSpec(
            List.of(8, 16),
            List.of(16, 32),
            List.of(1, 1),
            BlockType.BASIC,
            HeadType.AVGPOOL,
            true);
    return ResNets.build(spec, 1, numClasses, 28, 28);
  }

  /**
   * Global average pooling and a linear layer, recording the input side (height) of every forward
   * pass into {@code sides}: for tests of what size the runner feeds.
   */
  static Block sizeRecorder(int numClasses, List<Long> sides) {
    return new SequentialBlock()
        .add(
            new LambdaBlock(
                inputs -> {
                  sides.add(inputs.head().getShape().get(2));
                  return inputs;
                }))
        .add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(numClasses).build());
  }

  /** Every parameter's values, BatchNorm running statistics included, in block order. */
  static List<float[]> values(Block block) {
    List<float[]> values = new ArrayList<>();
    for (Parameter parameter : block.getParameters().values()) {
      NDArray array = parameter.getArray();
      values.add(array.toFloatArray());
    }
    return values;
  }
}

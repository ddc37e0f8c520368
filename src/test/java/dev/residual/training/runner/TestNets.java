package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.List;

/**
 * Test-only chapter-14 ResNet (basic blocks), standing in for {@code dev.residual.models.ResNets}
 * until that lands: stem, ResBlocks with zero-gamma last BatchNorm, avg-pool shortcut, pooled head.
 */
final class TestNets {

  private TestNets() {}

  /** resnet18 of REFERENCE §1: stem 32-32-64, widths 64..512, two basic blocks per stage. */
  static Block resnet18(int numClasses) {
    return resnet(new int[] {32, 32, 64}, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2},
        numClasses);
  }

  /** A small ResNet of the same shape, for fast tests. */
  static Block tiny(int numClasses) {
    return resnet(new int[] {8, 16}, new int[] {16, 32}, new int[] {1, 1}, numClasses);
  }

  static Block resnet(int[] stem, int[] widths, int[] blocks, int numClasses) {
    SequentialBlock net = new SequentialBlock();
    for (int i = 0; i < stem.length; i++) {
      net.add(convLayer(stem[i], 3, i == 0 ? 2 : 1, true, false));
    }
    net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    int ni = stem[stem.length - 1];
    for (int s = 0; s < widths.length; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        int stride = (b == 0 && s > 0) ? 2 : 1;
        net.add(resBlock(ni, widths[s], stride));
        ni = widths[s];
      }
    }
    net.add(Pool.globalAvgPool2dBlock());
    net.add(Blocks.batchFlattenBlock());
    net.add(Linear.builder().setUnits(numClasses).build());
    // Kaiming normal for every weight, then zero gamma for the last BatchNorm of each ResBlock.
    net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
        XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
    for (Block child : net.getChildren().values()) {
      if (child instanceof ParallelBlock) {
        SequentialBlock convs = (SequentialBlock) child.getChildren().get(0).getValue();
        SequentialBlock last = (SequentialBlock) convs.getChildren().get(1).getValue();
        last.getChildren().get(1).getValue().setInitializer(new ConstantInitializer(0f), "gamma");
      }
    }
    return net;
  }

  private static Block resBlock(int ni, int nf, int stride) {
    SequentialBlock convs = new SequentialBlock()
        .add(convLayer(nf, 3, stride, true, false))
        .add(convLayer(nf, 3, 1, false, true));
    SequentialBlock shortcut = new SequentialBlock();
    if (stride != 1) {
      shortcut.add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true));
    }
    if (ni != nf) {
      shortcut.add(convLayer(nf, 1, 1, false, false));
    }
    if (stride == 1 && ni == nf) {
      shortcut.add(Blocks.identityBlock());
    }
    return new ParallelBlock(TestNets::addRelu, List.of(convs, shortcut));
  }

  private static NDList addRelu(List<NDList> branches) {
    NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
    return new NDList(Activation.relu(sum));
  }

  private static SequentialBlock convLayer(int nf, int ks, int stride, boolean act, boolean last) {
    SequentialBlock layer = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(ks, ks)).setFilters(nf)
            .optStride(new Shape(stride, stride)).optPadding(new Shape(ks / 2, ks / 2))
            .optBias(false).build())
        .add(BatchNorm.builder().build());
    if (act) {
      layer.add(Activation.reluBlock());
    }
    return layer;
  }
}

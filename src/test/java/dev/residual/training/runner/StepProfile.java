package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.Architectures;
import dev.residual.models.ResNets;
import java.util.ArrayList;

/**
 * Where a training step's time goes: batch staging, forward and backward, optimizer update, summed
 * over {@code STEPS} batches after {@code WARMUP}. Run by {@code bench/step_profile.sh}.
 *
 * <p>Usage: {@code StepProfile ARCH OPTIMIZER(sgd|nesterov|adamw) BATCH STEPS [SIZE] [WARMUP]};
 * prints one line of milliseconds per step for each phase.
 */
public final class StepProfile {

  private StepProfile() {}

  /** Entry point. */
  public static void main(String[] args) {
    String arch = args[0];
    OptimizerKind kind = OptimizerKind.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
    int batch = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 28;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    ArchitectureSpec spec =
        Architectures.named(arch)
            .orElseThrow(() -> new IllegalArgumentException("unknown architecture " + arch));
    LabeledDataset data = FashionMnistSample.load(60_000, 0);
    Augmentation flip = new Augmentation(true, Augmentation.Crop.NONE, 0, 1);
    long[] nanos = new long[3];
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader =
            new BatchLoader(data.train(), Normalization.of(data.train()), size, batch, manager)) {
      Block block = ResNets.build(spec, 1, 10, size, size);
      block.initialize(manager, DataType.FLOAT32, loader.inputShape(size));
      ParameterStore store = new ParameterStore(manager, false);
      int[] order = loader.shuffled(1, 0);
      try (ParameterOptimizer optimizer =
          ParameterOptimizer.create(
              kind, new ArrayList<>(block.getParameters().values()), manager)) {
        double lr = kind == OptimizerKind.ADAMW ? 1e-3 : 0.05;
        for (int step = 0; step < warmup + steps; step++) {
          try (NDManager batchManager = manager.newSubManager()) {
            long t0 = System.nanoTime();
            NDList d = loader.batch(batchManager, order, step, size, flip, step);
            NDArray x = d.get(0);
            NDArray y = d.get(1);
            long t1 = System.nanoTime();
            NDArray loss =
                Autograd.forwardBackward(
                    x,
                    () ->
                        CrossEntropyLoss.mean(
                            block.forward(store, new NDList(x), true).singletonOrThrow(), y, 0.1));
            loss.getFloat();
            long t2 = System.nanoTime();
            optimizer.step(lr, 0.9, 0.01, step);
            long t3 = System.nanoTime();
            if (step >= warmup) {
              nanos[0] += t1 - t0;
              nanos[1] += t2 - t1;
              nanos[2] += t3 - t2;
            }
          }
        }
      }
    }
    double[] perStep = new double[3];
    for (int i = 0; i < 3; i++) {
      perStep[i] = nanos[i] / 1e6 / steps;
    }
    System.out.printf(
        "%s batch %d: ms per step: staging %.2f, forward+backward %.2f, optimizer %.2f"
            + " | ms per image: forward+backward %.3f, optimizer %.3f, all %.3f%n",
        args[1],
        batch,
        perStep[0],
        perStep[1],
        perStep[2],
        perStep[1] / batch,
        perStep[2] / batch,
        (perStep[0] + perStep[1] + perStep[2]) / batch);
  }
}

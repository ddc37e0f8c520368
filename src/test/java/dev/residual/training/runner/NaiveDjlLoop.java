package dev.residual.training.runner;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import dev.residual.datasets.ImageSplit;

/**
 * The baseline for {@link ThroughputBenchmark}: the textbook DJL loop (a {@code Trainer} with DJL's
 * SGD, {@code EasyTrain.trainBatch}, float batches normalised in Java), same network, data and
 * hyperparameters as the runner. Returns images per second over the timed steps.
 */
final class NaiveDjlLoop {

  private NaiveDjlLoop() {}

  static double imagesPerSecond(Block block, ImageSplit train, int batch, int warmup, int steps) {
    int pixels = train.imageBytes();
    Shape shape = new Shape(batch, 1, train.height(), train.width());
    try (Model model = Model.newInstance("naive")) {
      block.initialize(model.getNDManager(), DataType.FLOAT32, shape);
      model.setBlock(block);
      Optimizer sgd =
          Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd);
      long start = 0;
      try (Trainer trainer = model.newTrainer(config)) {
        for (int step = 0; step < warmup + steps; step++) {
          if (step == warmup) {
            start = System.nanoTime();
          }
          int offset = (step * batch) % (train.count() - batch);
          float[] x = new float[batch * pixels];
          float[] y = new float[batch];
          for (int i = 0; i < x.length; i++) {
            x[i] = ((train.pixels()[offset * pixels + i] & 0xff) / 255f - 0.2860f) / 0.3530f;
          }
          for (int i = 0; i < batch; i++) {
            y[i] = train.labels()[offset + i];
          }
          NDManager manager = trainer.getManager().newSubManager();
          try (Batch b =
              new Batch(
                  manager,
                  new NDList(manager.create(x, shape)),
                  new NDList(manager.create(y)),
                  batch,
                  Batchifier.STACK,
                  Batchifier.STACK,
                  step,
                  warmup + steps)) {
            EasyTrain.trainBatch(trainer, b);
            trainer.step();
          }
        }
      }
      return steps * batch / ((System.nanoTime() - start) / 1e9);
    }
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An evaluation with a job's settings reproduces the job's last validation. */
@ExtendWith(SingleThreadedEngine.class)
class EvaluatorTest {

  @Test
  void reproducesTheLastEpochsValidationMetrics() {
    LabeledDataset data = FashionMnistSample.load(256, 200);
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(2)
            .setLearningRate(3e-3)
            .optOptimizer(OptimizerKind.ADAMW)
            .optBatchSize(32)
            .optImageSize(32)
            .optLabelSmoothing(0.1)
            .optLimitValidBatches(5)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = TinyNets.resnet(10);
      EpochResult last =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(data)
              .build()
              .run(block, manager)
              .lastEpoch();

      Evaluator.Evaluation e =
          Evaluator.run(
              block,
              data.valid(),
              10,
              new Evaluator.Settings(Normalization.of(data.train()), 32, 32, 5, 0.1),
              manager);

      assertThat(e.images()).isEqualTo(160);
      assertThat(e.batches()).isEqualTo(5);
      assertThat(e.top1()).isEqualTo(last.top1());
      assertThat(e.top5()).isEqualTo(last.top5());
      assertThat(e.loss()).isEqualTo(last.validLoss());
      assertThat(e.confusion().total()).isEqualTo(160);
      // Arg-max and top-1 differ only on exact ties of the best scores.
      assertThat((double) e.confusion().correct() / 160).isEqualTo(e.top1());

      Evaluator.Evaluation whole =
          Evaluator.run(
              block,
              data.valid(),
              10,
              new Evaluator.Settings(Normalization.of(data.train()), 32, 64, null, 0),
              manager);
      assertThat(whole.images()).as("the last batch is short").isEqualTo(200);
      assertThat(whole.batches()).isEqualTo(4);
    }
  }
}

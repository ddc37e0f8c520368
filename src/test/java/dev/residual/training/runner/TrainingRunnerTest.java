package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.LabeledDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End-to-end runs of a small chapter-14 ResNet on real Fashion-MNIST images. */
@ExtendWith(SingleThreadedEngine.class)
class TrainingRunnerTest {

  @Test
  void smallResNetLearnsOnRealImages() {
    LabeledDataset data = FashionMnistSample.load(512, 256);
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(4)
            .setLearningRate(0.2)
            .optBatchSize(32)
            .optWeightDecay(1e-4)
            .build();
    List<BatchProgress> batches = new ArrayList<>();
    TrainingResult result;
    try (NDManager manager = NDManager.newBaseManager()) {
      result =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(data)
              .addListener(
                  new TrainingListener() {
                    @Override
                    public void onBatch(BatchProgress progress) {
                      batches.add(progress);
                    }
                  })
              .build()
              .run(TinyNets.resnet(10), manager);
    }
    assertThat(result.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
    assertThat(result.epochsCompleted()).isEqualTo(4);
    assertThat(result.steps()).isEqualTo(64);
    assertThat(batches).hasSize(64);
    double firstLoss = batches.get(0).loss();
    EpochResult last = result.lastEpoch();
    // Chance is ln(10) = 2.30 loss and 10% accuracy.
    assertThat(firstLoss).isGreaterThan(1.8);
    assertThat(last.trainLoss()).isLessThan(0.6 * firstLoss);
    assertThat(last.validLoss()).isLessThan(0.7 * firstLoss);
    assertThat(last.top1()).isGreaterThan(0.55);
    assertThat(last.top5()).isGreaterThan(last.top1());
    assertThat(batches.get(63).progress()).isEqualTo(1.0);
    assertThat(batches.get(0).learningRate()).isEqualTo(0.2 / 25);
    assertThat(last.imagesPerSecond()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void resumingAfterAnEpochGivesTheSameWeightsAsAnUninterruptedRun(OptimizerKind optimizer)
      throws IOException {
    LabeledDataset data = FashionMnistSample.load(128, 64);
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(3)
            .setLearningRate(optimizer == OptimizerKind.ADAMW ? 3e-3 : 0.05)
            .optOptimizer(optimizer)
            .optBatchSize(32)
            .optWeightDecay(0.01)
            .optLabelSmoothing(0.1)
            .optImageSize(32)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block uninterrupted = TinyNets.resnet(10);
      TrainingRunner.builder()
          .setSettings(settings)
          .setData(data)
          .build()
          .run(uninterrupted, manager);

      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      AtomicBoolean stop = new AtomicBoolean();
      TrainingResult first =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(data)
              .optCancellation(stop::get)
              .addListener(
                  new TrainingListener() {
                    @Override
                    public void onCheckpoint(TrainingState state) {
                      if (state.epoch() == 1) {
                        write(state, saved);
                        stop.set(true);
                      }
                    }
                  })
              .build()
              .run(TinyNets.resnet(10), manager);
      assertThat(first.outcome()).isEqualTo(TrainingOutcome.CANCELLED);
      assertThat(first.epochsCompleted()).isEqualTo(1);

      Block resumed = TinyNets.resnet(10);
      TrainingState state = TrainingState.read(new ByteArrayInputStream(saved.toByteArray()));
      TrainingResult second =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(data)
              .optResumeFrom(state)
              .build()
              .run(resumed, manager);
      assertThat(second.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
      assertThat(second.epochsCompleted()).isEqualTo(3);
      assertThat(second.epochs()).extracting(EpochResult::epoch).containsExactly(2, 3);
      assertThat(second.steps()).isEqualTo(12);

      List<float[]> expected = TinyNets.values(uninterrupted);
      List<float[]> actual = TinyNets.values(resumed);
      for (int i = 0; i < expected.size(); i++) {
        for (int j = 0; j < expected.get(i).length; j++) {
          assertThat(actual.get(i)[j]).isCloseTo(expected.get(i)[j], within(1e-6f));
        }
      }
    }
  }

  private static void write(TrainingState state, ByteArrayOutputStream out) {
    try {
      state.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void cancellationStopsBeforeTheNextBatch() {
    LabeledDataset data = FashionMnistSample.load(256, 64);
    TrainingSettings settings =
        TrainingSettings.builder().setEpochs(2).setLearningRate(0.05).optBatchSize(32).build();
    AtomicBoolean cancel = new AtomicBoolean();
    AtomicInteger seen = new AtomicInteger();
    TrainingResult result;
    try (NDManager manager = NDManager.newBaseManager()) {
      result =
          TrainingRunner.builder()
              .setSettings(settings)
              .setData(data)
              .optCancellation(cancel::get)
              .addListener(
                  new TrainingListener() {
                    @Override
                    public void onBatch(BatchProgress progress) {
                      if (seen.incrementAndGet() == 3) {
                        cancel.set(true);
                      }
                    }
                  })
              .build()
              .run(TinyNets.resnet(10), manager);
    }
    assertThat(result.outcome()).isEqualTo(TrainingOutcome.CANCELLED);
    assertThat(seen).hasValue(3);
    assertThat(result.steps()).isEqualTo(3);
    assertThat(result.epochsCompleted()).isZero();
    assertThat(result.epochs()).isEmpty();
  }
}

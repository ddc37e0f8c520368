package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.residual.datasets.LabeledDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Learning-rate sweeps of a small chapter-14 ResNet on real Fashion-MNIST images. */
@ExtendWith(SingleThreadedEngine.class)
class LrFinderTest {

  static LrFinderSettings settings(int iterations, double endLr) {
    return new LrFinderSettings(
        1e-4, endLr, iterations, 32, OptimizerKind.SGD, 0, null, 3, 0.95, 0);
  }

  /** Sweeps a tiny ResNet over {@code data}'s training split, recording every step. */
  private static LrSweep sweep(
      LrFinderSettings settings, LabeledDataset data, List<LrFinder.Step> steps) {
    try (NDManager manager = NDManager.newBaseManager()) {
      return LrFinder.builder()
          .setSettings(settings)
          .setData(data.train())
          .addListener(steps::add)
          .build()
          .run(TinyNets.resnet(10), manager);
    }
  }

  @Test
  void sweepsExponentiallyRecordsTheSmoothedLossAndStopsWhenItDiverges() {
    LabeledDataset data = FashionMnistSample.load(1024, 0);
    LrFinderSettings settings = settings(100, 100);
    List<LrFinder.Step> steps = new ArrayList<>();
    LrSweep sweep = sweep(settings, data, steps);

    assertThat(sweep.stop()).as("SGD at lr 100 blows up").isEqualTo(LrSweep.Stop.DIVERGED);
    int n = sweep.size();
    assertThat(n).isBetween(40, 99);
    assertThat(steps).hasSize(n);
    double[] lrs = sweep.learningRates();
    double[] losses = sweep.losses();
    double average = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      assertThat(lrs[i]).isEqualTo(settings.learningRate(i));
      assertThat(steps.get(i).iteration()).isEqualTo(i + 1);
      // 32 batches of 32 per pass over the 1,024 images.
      assertThat(steps.get(i).epoch()).isEqualTo(i / 32 + 1);
      average = 0.98 * average + 0.02 * steps.get(i).loss();
      assertThat(losses[i]).isCloseTo(average / (1 - Math.pow(0.98, i + 1)), within(1e-9));
      if (i < n - 1) {
        min = Math.min(min, losses[i]);
        assertThat(losses[i])
            .as("no earlier point exceeds 4 × the minimum")
            .isLessThanOrEqualTo(4 * min);
      }
    }
    assertThat(losses[n - 1]).isGreaterThan(4 * min);
    assertThat(losses[0]).as("chance is ln 10").isCloseTo(Math.log(10), within(0.5));

    LrSuggester.Suggestion s = LrSuggester.suggest(lrs, losses, 100).orElseThrow();
    assertThat(s.valley()).isBetween(1e-5, 10.0);
    assertThat(s.minimum()).isBetween(1e-6, 1.0);
  }

  @Test
  void sweepsWithTheLabelSmoothedLossOfTraining() {
    LabeledDataset data = FashionMnistSample.load(256, 0);
    double[][] rawLosses = new double[2][];
    double[] smoothing = {0, 0.3};
    for (int k = 0; k < 2; k++) {
      LrFinderSettings s =
          new LrFinderSettings(
              1e-3, 1e-2, 6, 32, OptimizerKind.SGD, 0, null, 3, 0.95, smoothing[k]);
      List<LrFinder.Step> steps = new ArrayList<>();
      sweep(s, data, steps);
      rawLosses[k] = steps.stream().mapToDouble(LrFinder.Step::loss).toArray();
    }
    // Same seed, same first batch and weights: only the loss differs. Smoothing pulls the loss of
    // a confident wrong or right answer towards the uniform one, so the two first losses differ.
    assertThat(rawLosses[1]).hasSize(6);
    assertThat(rawLosses[1][0]).isNotCloseTo(rawLosses[0][0], within(1e-6));
  }

  @Test
  void cancellationStopsBeforeTheNextIteration() {
    LabeledDataset data = FashionMnistSample.load(256, 0);
    AtomicInteger seen = new AtomicInteger();
    LrSweep sweep;
    try (NDManager manager = NDManager.newBaseManager()) {
      sweep =
          LrFinder.builder()
              .setSettings(settings(50, 1))
              .setData(data.train())
              .addListener(step -> seen.incrementAndGet())
              .optCancellation(() -> seen.get() >= 3)
              .build()
              .run(TinyNets.resnet(10), manager);
    }
    assertThat(sweep.stop()).isEqualTo(LrSweep.Stop.CANCELLED);
    assertThat(sweep.size()).isEqualTo(3);
  }

  @Test
  void settingsRefuseSweepsThatSayNothing() {
    assertThatThrownBy(
            () -> new LrFinderSettings(1, 1, 100, 32, OptimizerKind.SGD, 0, null, 0, 0.9, 0))
        .hasMessageContaining("endLr");
    assertThatThrownBy(
            () -> new LrFinderSettings(1e-7, 10, 5, 32, OptimizerKind.SGD, 0, null, 0, 0.9, 0))
        .hasMessageContaining("numIterations");
    assertThatThrownBy(
            () -> new LrFinderSettings(1e-7, 10, 6, 32, OptimizerKind.SGD, 0, null, 0, 0.9, 0.6))
        .hasMessageContaining("labelSmoothing");
  }
}

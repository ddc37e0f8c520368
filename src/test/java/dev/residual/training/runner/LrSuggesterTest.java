package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * fastai's {@code valley} and {@code minimum} on synthetic curves. The expected indices were worked
 * out by hand from fastai's {@code lr_find} (skip {@code num_it // 10} points, drop the last 5) and
 * {@code valley} (longest strictly decreasing subsequence, start taken one before its first point,
 * suggestion at {@code start + int(len / 3) + int(len / 6)}), and checked against a transcription
 * of fastai's Python.
 */
class LrSuggesterTest {

  static final int N = 100;

  /** fastai's default sweep: 1e-7 to 10 over 100 iterations. */
  static double[] lrs(int points) {
    LrFinderSettings settings =
        new LrFinderSettings(1e-7, 10, N, 64, OptimizerKind.ADAMW, 0.01, null, 0, 0.95, 0.1);
    double[] lrs = new double[points];
    for (int i = 0; i < points; i++) {
      lrs[i] = settings.learningRate(i);
    }
    return lrs;
  }

  static double[] curve(int points, IntToDoubleFunction loss) {
    double[] losses = new double[points];
    for (int i = 0; i < points; i++) {
      losses[i] = loss.applyAsDouble(i);
    }
    return losses;
  }

  @Test
  void theScheduleRunsExactlyFromStartToEnd() {
    double[] lrs = lrs(N);
    assertThat(lrs[0]).isEqualTo(1e-7);
    assertThat(lrs[N - 1]).isCloseTo(10, within(1e-9));
    // Exponential: a constant ratio between neighbours, (1e8)^(1/99).
    assertThat(lrs[51] / lrs[50]).isCloseTo(Math.pow(1e8, 1.0 / 99), within(1e-12));
  }

  @Test
  void aClearValleyIsSuggestedHalfwayDownIt() {
    // Flat at 2.3 until 30, straight down to 0.5 at 69, then up from 1.0 to 3.0.
    double[] losses =
        curve(
            N,
            i -> i < 30 ? 2.3 : i < 70 ? 2.2 - (i - 30) * (1.7 / 39) : 1.0 + (i - 70) * (2.0 / 29));
    double[] lrs = lrs(N);

    LrSuggester.Suggestion s = LrSuggester.suggest(lrs, losses, N).orElseThrow();

    // Trimmed to [10, 95): the valley is one flat point and the 40 points of 30..69 (41 long), it
    // ends at relative 59, starts at 59 - 41 = 18; 18 + int(41/3) + int(41/6) = 18 + 13 + 6 = 37.
    assertThat(s.valleyIndex()).isEqualTo(10 + 37);
    assertThat(s.valley()).isEqualTo(lrs[47]);
    assertThat(s.minimumIndex()).isEqualTo(69);
    assertThat(s.minimum()).isEqualTo(lrs[69] / 10);
  }

  @Test
  void aMonotoneFallingCurveIsOneLongValley() {
    double[] losses = curve(N, i -> 3.0 - i * 0.02);
    LrSuggester.Suggestion s = LrSuggester.suggest(lrs(N), losses, N).orElseThrow();
    // 85 trimmed points all decrease: start -1, -1 + int(85/3) + int(85/6) = -1 + 28 + 14 = 41.
    assertThat(s.valleyIndex()).isEqualTo(10 + 41);
    assertThat(s.minimumIndex()).as("the last trimmed point").isEqualTo(94);
  }

  @Test
  void aMonotoneRisingCurveSuggestsItsFirstTrimmedPoint() {
    double[] losses = curve(N, i -> 1.0 + i * 0.02);
    LrSuggester.Suggestion s = LrSuggester.suggest(lrs(N), losses, N).orElseThrow();
    assertThat(s.valleyIndex()).isEqualTo(10);
    assertThat(s.minimumIndex()).isEqualTo(10);
  }

  @Test
  void anExplodingTailIsTrimmedAndTheSuggestionStaysInTheValley() {
    // The sweep stopped after 60 of 100 iterations: the last loss exceeds 4 × the minimum (0.76 at
    // 44).
    double[] losses =
        curve(60, i -> i < 45 ? 2.3 - i * 0.035 : 2.3 - 44 * 0.035 + (i - 44) * (i - 44) * 0.06);
    assertThat(losses[59]).isGreaterThan(4 * losses[44]);
    double[] lrs = lrs(60);

    LrSuggester.Suggestion s = LrSuggester.suggest(lrs, losses, N).orElseThrow();

    // Trimmed to [10, 55): 35 falling points then 10 rising: start -1, -1 + 11 + 5 = 15.
    assertThat(s.valleyIndex()).isEqualTo(10 + 15);
    assertThat(s.minimumIndex()).isEqualTo(44);
    assertThat(s.valley()).isLessThan(lrs[44]);
  }

  @Test
  void aNoisyCurveMatchesFastaiToTheIndex() {
    double[] losses =
        curve(
            N,
            i -> {
              double x = i / (N - 1.0);
              double bump = x < 0.8 ? 0 : 8 * (x - 0.8) * (x - 0.8);
              return 2.3
                  - 1.6 * Math.exp(-Math.pow((x - 0.6) / 0.18, 2))
                  + 0.05 * Math.sin(i * 1.7)
                  + bump;
            });
    LrSuggester.Suggestion s = LrSuggester.suggest(lrs(N), losses, N).orElseThrow();
    assertThat(s.valleyIndex()).isEqualTo(45);
    assertThat(s.minimumIndex()).isEqualTo(58);
  }

  @Test
  void aCurveTooShortToTrimIsUsedWhole() {
    // An early stop after 4 of 100 iterations: fastai's [10:-5] would leave nothing.
    double[] lrs = lrs(4);
    LrSuggester.Suggestion s =
        LrSuggester.suggest(lrs, new double[] {3, 2, 1.5, 9}, N).orElseThrow();
    // Valley 3 > 2 > 1.5 ending at 2: start -1, -1 + 1 + 0 = 0.
    assertThat(s.valleyIndex()).isZero();
    assertThat(s.minimumIndex()).isEqualTo(2);
    assertThat(s.minimum()).isEqualTo(lrs[2] / 10);

    assertThat(LrSuggester.suggest(lrs(1), new double[] {2.0}, N).orElseThrow().valleyIndex())
        .isZero();
    // Two falling points: fastai's index would be -1 (Python's last element); clamped to the first.
    assertThat(LrSuggester.suggest(lrs(2), new double[] {2.0, 1.0}, N).orElseThrow().valleyIndex())
        .isZero();
    assertThat(LrSuggester.suggest(new double[0], new double[0], N)).isEmpty();
  }

  @Test
  void theCurveEndsAtItsFirstNonFiniteLoss() {
    double[] lrs = lrs(4);
    LrSuggester.Suggestion s =
        LrSuggester.suggest(lrs, new double[] {2.0, 1.0, Double.NaN, 0.1}, N).orElseThrow();
    assertThat(s.minimumIndex()).as("0.1 after the NaN is ignored").isEqualTo(1);
    assertThat(LrSuggester.suggest(lrs(1), new double[] {Double.POSITIVE_INFINITY}, N)).isEmpty();
    assertThatThrownBy(() -> LrSuggester.suggest(lrs(2), new double[] {1.0}, N))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void countsPairsAndPerClassAccuracyAsByHand() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    // true:      0  0  1  1  1  2  2  2  2
    // predicted: 0  1  1  1  0  2  2  0  3
    m.add(new long[] {0, 0, 1, 1}, new long[] {0, 1, 1, 1});
    m.add(new long[] {1, 2, 2, 2, 2}, new long[] {0, 2, 2, 0, 3});

    assertThat(m.counts())
        .isDeepEqualTo(
            new long[][] {
              {1, 1, 0, 0},
              {1, 2, 0, 0},
              {1, 0, 2, 1},
              {0, 0, 0, 0}
            });
    assertThat(m.count(0)).isEqualTo(2);
    assertThat(m.count(1)).isEqualTo(3);
    assertThat(m.count(2)).isEqualTo(4);
    assertThat(m.total()).isEqualTo(9);
    assertThat(m.correct()).isEqualTo(5);
    assertThat(m.accuracy(0)).isEqualTo(0.5);
    assertThat(m.accuracy(1)).isEqualTo(2.0 / 3);
    assertThat(m.accuracy(2)).isEqualTo(0.5);
    assertThat(m.accuracy(3)).as("no images of class 3").isNull();
  }

  @Test
  void countsAreACopy() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    m.add(new long[] {1}, new long[] {1});
    m.counts()[1][1] = 99;
    assertThat(m.counts()[1][1]).isEqualTo(1);
  }

  @Test
  void refusesIndicesOutsideTheClassesAndUnevenArrays() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    assertThatThrownBy(() -> m.add(new long[] {3}, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add(new long[] {0}, new long[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add(new long[] {0, 1}, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConfusionMatrix(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

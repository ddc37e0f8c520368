package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopKAccuracyTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private long[] count(float[][] scores, long[] labels, int... ks) {
    float[] flat = new float[scores.length * scores[0].length];
    for (int i = 0; i < scores.length; i++) {
      System.arraycopy(scores[i], 0, flat, i * scores[0].length, scores[0].length);
    }
    NDArray s = manager.create(flat, new Shape(scores.length, scores[0].length));
    return TopKAccuracy.countCorrect(s, manager.create(labels), ks);
  }

  @Test
  void countsTopOneAndTopFive() {
    float[][] scores = {
      {0.9f, 0.1f, 0, 0, 0, 0, 0.3f}, // label 0 ranked 1st
      {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f}, // label 2 ranked 5th
      {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f}, // label 1 ranked 6th
      {5, 4, 3, 2, 1, 0, -1}, // label 1 ranked 2nd
    };
    assertThat(count(scores, new long[] {0, 2, 1, 1}, 1, 5)).containsExactly(1, 3);
  }

  @Test
  void tiesCountAgainstThePrediction() {
    float[][] scores = {
      {1, 1, 0}, // label 0 ties with class 1: not top-1, but top-2
      {2, 2, 2}, // all equal: never top-1 nor top-2
      {3, 1, 1}, // label 1 ties with class 2 behind class 0: not top-2
    };
    assertThat(count(scores, new long[] {0, 2, 1}, 1, 2)).containsExactly(0, 1);
  }

  @Test
  void withFewerClassesThanKEverySampleIsCorrect() {
    float[][] scores = {{0.1f, 0.9f, 0.5f}, {0.9f, 0.1f, 0.5f}};
    assertThat(count(scores, new long[] {0, 1}, 1, 3, 5)).containsExactly(0, 2, 2);
  }

  @Test
  void aNanScoreNeverHelps() {
    float[][] scores = {{Float.NaN, 0.5f, 0.1f}, {0.2f, Float.NaN, 0.9f}};
    // Row 0: the true score is NaN, no class is strictly lower. Row 1: NaN ranks ahead of label 0.
    assertThat(count(scores, new long[] {0, 0}, 1, 2)).containsExactly(0, 0);
  }

  @Test
  void rejectsKBelowOne() {
    assertThatThrownBy(() -> count(new float[][] {{1, 2}}, new long[] {0}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {

  private static final float[][] LOGITS = {{2.0f, 1.0f, 0.1f}, {0.5f, 2.5f, -1.0f}};
  private static final long[] LABELS = {0, 2};

  /** -log softmax(row)[c], in doubles. */
  private static double negLogProb(float[] row, int c) {
    double sum = 0;
    for (float v : row) {
      sum += Math.exp(v);
    }
    return Math.log(sum) - row[c];
  }

  private static double expected(double eps) {
    double total = 0;
    for (int i = 0; i < LOGITS.length; i++) {
      double uniform = 0;
      for (int c = 0; c < 3; c++) {
        uniform += negLogProb(LOGITS[i], c) / 3;
      }
      total += (1 - eps) * negLogProb(LOGITS[i], (int) LABELS[i]) + eps * uniform;
    }
    return total / LOGITS.length;
  }

  private static double loss(double eps) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits =
          manager.create(new float[] {2.0f, 1.0f, 0.1f, 0.5f, 2.5f, -1.0f}, new Shape(2, 3));
      return CrossEntropyLoss.mean(logits, manager.create(LABELS), eps).getFloat();
    }
  }

  @Test
  void plainCrossEntropyMatchesHandComputation() {
    // By hand: row 0 -log(e^2 / (e^2 + e + e^0.1)) = 0.41703; row 1 -log(e^-1 / ...) = 3.65318.
    assertThat(expected(0)).isCloseTo((0.417030 + 3.653178) / 2, within(1e-5));
    assertThat(loss(0)).isCloseTo(expected(0), within(1e-6));
  }

  @Test
  void labelSmoothingMixesInTheUniformTarget() {
    assertThat(loss(0.1)).isCloseTo(expected(0.1), within(1e-6));
    assertThat(loss(0.1)).isLessThan(loss(0));
  }
}

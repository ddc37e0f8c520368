package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Counts samples whose true class is among the {@code k} best-scoring classes, on the engine.
 *
 * <p>Ties count against the prediction: a sample is correct at {@code k} when at most {@code k}
 * classes, its true class included, score at least as high as the true class (equivalently, when at
 * least {@code C - k} classes score strictly lower). So a model that gives every class the same
 * score is never credited, the result does not depend on class order, and a NaN score (which is
 * never lower than anything) cannot help. With {@code k >= C} every sample is correct: top-5
 * accuracy on a problem with fewer than five classes is 1.0.
 */
public final class TopKAccuracy {

  private TopKAccuracy() {}

  /**
   * For each {@code ks[i]}, how many rows of {@code scores} rank their label within the top k.
   *
   * @param scores shape (batch, classes), any float type
   * @param labels shape (batch), int64 class indices
   * @param ks the values of k, each at least 1
   * @return one count per k
   */
  public static long[] countCorrect(NDArray scores, NDArray labels, int... ks) {
    long classes = scores.getShape().get(1);
    long[] counts = new long[ks.length];
    try (NDArray index = labels.expandDims(1);
        NDArray trueScores = scores.gather(index, 1);
        NDArray lower = scores.lt(trueScores);
        NDArray lowerCount = lower.sum(new int[] {1})) {
      for (int i = 0; i < ks.length; i++) {
        if (ks[i] < 1) {
          throw new IllegalArgumentException("k must be at least 1, got " + ks[i]);
        }
        if (ks[i] >= classes) {
          counts[i] = scores.getShape().get(0);
          continue;
        }
        try (NDArray correct = lowerCount.gte(classes - ks[i]);
            NDArray total = correct.sum();
            NDArray asLong = total.toType(DataType.INT64, false)) {
          counts[i] = asLong.getLong();
        }
      }
    }
    return counts;
  }
}

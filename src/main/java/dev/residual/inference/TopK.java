package dev.residual.inference;

import java.util.Arrays;

/** Picks the {@code k} most probable classes. */
final class TopK {

  private TopK() {}

  /**
   * Indices of the {@code k} largest values (at most all of them), largest first; equal values keep
   * class order, so that the answer is deterministic.
   */
  static int[] indices(float[] probabilities, int k) {
    int n = Math.max(0, Math.min(k, probabilities.length));
    if (n == 0) {
      return new int[0];
    }
    int[] top = new int[n];
    int size = 0;
    for (int i = 0; i < probabilities.length; i++) {
      float p = probabilities[i];
      if (size == n && !(p > probabilities[top[n - 1]])) {
        continue;
      }
      int at = Math.min(size, n - 1);
      while (at > 0 && p > probabilities[top[at - 1]]) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = i;
      size = Math.min(size + 1, n);
    }
    return Arrays.copyOf(top, size);
  }
}

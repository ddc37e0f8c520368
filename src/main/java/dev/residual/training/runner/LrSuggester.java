package dev.residual.training.runner;

import java.util.Optional;

/**
 * Reads a learning rate off an LR-finder curve, as fastai's {@code lr_find} does: drop the first
 * tenth of the requested iterations and the last five points (the warm-up noise and the explosion),
 * cut the curve at its first non-finite loss, then apply the {@code valley} and {@code minimum}
 * suggesters. Pure arithmetic, no engine.
 *
 * <p>{@code valley}: the longest strictly decreasing run of losses, not necessarily contiguous (a
 * longest decreasing subsequence), is the valley; the suggestion sits about halfway down it. The
 * valley's start is taken as fastai takes it, one point before its first element. {@code minimum}:
 * a tenth of the learning rate at the lowest loss.
 *
 * <p>A curve too short to trim (an early stop) is used whole rather than refused, so that a short
 * sweep still gets a suggestion; fastai would fail on it.
 */
public final class LrSuggester {

  /** fastai drops this many points at the end of the recorded curve. */
  static final int SKIP_END = 5;

  /** Fewer points than this after trimming: use the untrimmed curve instead. */
  static final int MIN_TRIMMED = 2;

  private LrSuggester() {}

  /**
   * What the curve suggests; indices point into the arrays given to {@link #suggest}.
   *
   * @param valley fastai's {@code valley} learning rate
   * @param valleyIndex its point on the curve
   * @param minimum a tenth of the learning rate at the lowest loss (fastai's {@code minimum})
   * @param minimumIndex the point of the lowest loss
   */
  public record Suggestion(double valley, int valleyIndex, double minimum, int minimumIndex) {}

  /**
   * Suggests learning rates from a recorded curve; empty when it has no finite point.
   *
   * @param lrs learning rate of each point, increasing
   * @param losses smoothed loss of each point
   * @param numIterations the sweep's requested length, which decides how much is skipped at the
   *     start
   */
  public static Optional<Suggestion> suggest(double[] lrs, double[] losses, int numIterations) {
    if (lrs.length != losses.length) {
      throw new IllegalArgumentException(
          lrs.length + " learning rates for " + losses.length + " losses");
    }
    int finite = 0;
    while (finite < losses.length
        && Double.isFinite(losses[finite])
        && Double.isFinite(lrs[finite])) {
      finite++;
    }
    if (finite == 0) {
      return Optional.empty();
    }
    int from = Math.max(0, numIterations / 10);
    int to = Math.min(finite, losses.length - SKIP_END);
    if (to - from < MIN_TRIMMED) {
      from = 0;
      to = finite;
    }
    int valley = from + valleyIndex(losses, from, to);
    int minimum = from + minimumIndex(losses, from, to);
    return Optional.of(new Suggestion(lrs[valley], valley, lrs[minimum] / 10, minimum));
  }

  /**
   * fastai's {@code valley} on {@code losses[from, to)}: the index, relative to {@code from}, of
   * the point about halfway down the longest strictly decreasing subsequence.
   */
  static int valleyIndex(double[] losses, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      throw new IllegalArgumentException("empty curve");
    }
    int[] lengths = new int[n];
    int maxEnd = 0;
    lengths[0] = 1;
    for (int i = 1; i < n; i++) {
      lengths[i] = 1;
      for (int j = 0; j < i; j++) {
        if (losses[from + i] < losses[from + j] && lengths[i] < lengths[j] + 1) {
          lengths[i] = lengths[j] + 1;
        }
      }
      if (lengths[maxEnd] < lengths[i]) {
        maxEnd = i;
      }
    }
    // fastai: max_start = max_end - lds[max_end], one before the valley's first point.
    int length = maxEnd == 0 ? 0 : lengths[maxEnd];
    int maxStart = maxEnd - length;
    double sections = length / 3.0;
    int index = maxStart + (int) sections + (int) (sections / 2);
    return Math.min(n - 1, Math.max(0, index));
  }

  /** The index, relative to {@code from}, of the first lowest loss in {@code losses[from, to)}. */
  static int minimumIndex(double[] losses, int from, int to) {
    int best = from;
    for (int i = from + 1; i < to; i++) {
      if (losses[i] < losses[best]) {
        best = i;
      }
    }
    return best - from;
  }
}

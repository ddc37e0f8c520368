package dev.residual.training.runner;

/**
 * Counts of (true class, predicted class) pairs: row {@code t}, column {@code p} holds how many
 * images of class {@code t} were predicted as {@code p}. Per-class accuracy is the diagonal over
 * the row total (recall). Plain counting, no engine; not thread-safe.
 */
public final class ConfusionMatrix {

  private final long[][] counts;

  /** An empty matrix for {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1");
    }
    this.counts = new long[classes][classes];
  }

  /** Adds one pair per image; both arrays hold class indices. */
  public void add(long[] trueClasses, long[] predicted) {
    if (trueClasses.length != predicted.length) {
      throw new IllegalArgumentException(
          trueClasses.length + " labels for " + predicted.length + " predictions");
    }
    for (int i = 0; i < trueClasses.length; i++) {
      counts[index(trueClasses[i])][index(predicted[i])]++;
    }
  }

  /** Number of classes. */
  public int classes() {
    return counts.length;
  }

  /** Images of class {@code trueClass}: its row's total. */
  public long count(int trueClass) {
    long total = 0;
    for (long c : counts[trueClass]) {
      total += c;
    }
    return total;
  }

  /** Every image counted. */
  public long total() {
    long total = 0;
    for (int t = 0; t < counts.length; t++) {
      total += count(t);
    }
    return total;
  }

  /** Images predicted as their true class: the diagonal's sum. */
  public long correct() {
    long correct = 0;
    for (int t = 0; t < counts.length; t++) {
      correct += counts[t][t];
    }
    return correct;
  }

  /** Share of the images of {@code trueClass} predicted correctly; null when it has none. */
  public Double accuracy(int trueClass) {
    long n = count(trueClass);
    return n == 0 ? null : (double) counts[trueClass][trueClass] / n;
  }

  /** A copy of the counts, rows = true class, columns = predicted class. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int t = 0; t < counts.length; t++) {
      copy[t] = counts[t].clone();
    }
    return copy;
  }

  private int index(long classIndex) {
    if (classIndex < 0 || classIndex >= counts.length) {
      throw new IllegalArgumentException(
          "class index " + classIndex + " outside 0.." + (counts.length - 1));
    }
    return (int) classIndex;
  }
}

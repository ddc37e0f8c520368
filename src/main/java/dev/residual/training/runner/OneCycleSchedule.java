package dev.residual.training.runner;

/**
 * fastai's one-cycle schedule ({@code fit_one_cycle}, {@code combined_cos}).
 *
 * <p>Over the first {@code pctStart} of all steps the learning rate rises from {@code maxLr / div}
 * to {@code maxLr} along half a cosine, then falls along half a cosine to {@code maxLr / divFinal};
 * momentum mirrors it, from {@code momHigh} down to {@code momLow} and back up. The position of
 * step {@code s} is {@code s / totalSteps}, so step 0 starts exactly at the first value, the step
 * at {@code pctStart} is exactly at the peak (it belongs to the second phase, as in fastai), and
 * the last value is reached at position 1, one step after the last one taken.
 */
public final class OneCycleSchedule implements LearningSchedule {

  /** fastai's {@code div}: the starting learning rate is the maximum over this. */
  public static final double DIV = 25.0;

  /** fastai's {@code div_final}: the final learning rate is the maximum over this. */
  public static final double DIV_FINAL = 1e5;

  private final double maxLr;
  private final long totalSteps;
  private final double pctStart;
  private final double div;
  private final double divFinal;
  private final double momHigh;
  private final double momLow;

  /** A schedule with fastai's defaults: div 25, div_final 1e5, momentum 0.95 to 0.85. */
  public OneCycleSchedule(double maxLr, long totalSteps, double pctStart) {
    this(maxLr, totalSteps, pctStart, DIV, DIV_FINAL, 0.95, 0.85);
  }

  /** A fully specified schedule. */
  public OneCycleSchedule(
      double maxLr,
      long totalSteps,
      double pctStart,
      double div,
      double divFinal,
      double momHigh,
      double momLow) {
    if (!(maxLr > 0) || Double.isInfinite(maxLr) || totalSteps <= 0) {
      throw new IllegalArgumentException("maxLr must be positive and finite, totalSteps positive");
    }
    if (!(pctStart > 0 && pctStart < 1) || !(div >= 1) || !(divFinal >= 1)) {
      throw new IllegalArgumentException("pctStart must be in (0, 1), div and divFinal >= 1");
    }
    this.maxLr = maxLr;
    this.totalSteps = totalSteps;
    this.pctStart = pctStart;
    this.div = div;
    this.divFinal = divFinal;
    this.momHigh = momHigh;
    this.momLow = momLow;
  }

  @Override
  public double learningRate(long step) {
    return combined(position(step), maxLr / div, maxLr, maxLr / divFinal);
  }

  @Override
  public double momentum(long step) {
    return combined(position(step), momHigh, momLow, momHigh);
  }

  private double position(long step) {
    return Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
  }

  private double combined(double pos, double start, double middle, double end) {
    if (pos < pctStart) {
      return cosine(start, middle, pos / pctStart);
    }
    return cosine(middle, end, (pos - pctStart) / (1 - pctStart));
  }

  /** fastai's {@code SchedCos}: half a cosine from {@code start} at 0 to {@code end} at 1. */
  static double cosine(double start, double end, double pos) {
    return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
  }
}

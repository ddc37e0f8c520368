package dev.residual.training.runner;

/**
 * Cosine annealing without warm-up: the learning rate falls along half a cosine from {@code maxLr}
 * at step 0 to {@code maxLr / divFinal} at {@code totalSteps}; momentum stays at {@code mom}.
 */
public final class CosineSchedule implements LearningSchedule {

  private final double maxLr;
  private final double minLr;
  private final long totalSteps;
  private final double mom;

  public CosineSchedule(double maxLr, long totalSteps, double divFinal, double mom) {
    if (!(maxLr > 0) || Double.isInfinite(maxLr) || totalSteps <= 0 || !(divFinal >= 1)) {
      throw new IllegalArgumentException(
          "maxLr must be positive and finite, totalSteps positive, divFinal >= 1");
    }
    this.maxLr = maxLr;
    this.minLr = maxLr / divFinal;
    this.totalSteps = totalSteps;
    this.mom = mom;
  }

  @Override
  public double learningRate(long step) {
    double pos = Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
    return OneCycleSchedule.cosine(maxLr, minLr, pos);
  }

  @Override
  public double momentum(long step) {
    return mom;
  }
}

package dev.residual.training.runner;

/** A learning rate and momentum that do not change. */
public record ConstantSchedule(double rate, double mom) implements LearningSchedule {

  /** Validates that both values are finite and the rate positive. */
  public ConstantSchedule {
    if (!(rate > 0) || Double.isInfinite(rate) || !Double.isFinite(mom)) {
      throw new IllegalArgumentException("rate must be positive and finite, momentum finite");
    }
  }

  @Override
  public double learningRate(long step) {
    return rate;
  }

  @Override
  public double momentum(long step) {
    return mom;
  }
}

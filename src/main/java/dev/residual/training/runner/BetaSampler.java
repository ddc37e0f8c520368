package dev.residual.training.runner;

import java.util.SplittableRandom;

/** Draws from Beta(α, α) as {@code G₁ / (G₁ + G₂)} with two Gamma(α, 1) draws. */
final class BetaSampler {

  private BetaSampler() {}

  /** One draw from the symmetric Beta(alpha, alpha) distribution. */
  static double symmetric(double alpha, SplittableRandom random) {
    double a = gamma(alpha, random);
    double b = gamma(alpha, random);
    double sum = a + b;
    return sum > 0 ? a / sum : 0.5;
  }

  /**
   * Marsaglia and Tsang's method for Gamma(shape, 1); shapes below 1 use {@code Gamma(shape + 1) ·
   * U^(1/shape)}.
   */
  static double gamma(double shape, SplittableRandom random) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** A standard normal draw (Box–Muller). */
  private static double normal(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

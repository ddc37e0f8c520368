package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixUpTest {

  @Test
  void mixesEveryImageWithItsPartnerByItsOwnLambda() {
    MixUp mix = new MixUp(new float[] {0.75f, 0.5f, 1f}, new int[] {1, 0, 2});
    try (NDManager manager = NDManager.newBaseManager()) {
      // Three 1x1x2 "images": constant 0, 4 and 8.
      NDArray x = manager.create(new float[] {0, 0, 4, 4, 8, 8}, new Shape(3, 1, 1, 2));
      float[] mixed = mix.mixInputs(x).toFloatArray();
      // 0.75*0 + 0.25*4 = 1; 0.5*4 + 0.5*0 = 2; 1*8 + 0*8 = 8.
      assertThat(mixed).containsExactly(1, 1, 2, 2, 8, 8);
    }
  }

  @Test
  void mixesTheTargetsWithTheSameWeights() {
    MixUp mix = new MixUp(new float[] {0.75f, 0.6f}, new int[] {1, 0});
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.create(new float[] {2, 0, 0, 0, 1, 0}, new Shape(2, 3));
      NDArray labels = manager.create(new long[] {0, 1});
      assertThat(mix.partnerLabels(labels).toLongArray()).containsExactly(1, 0);
      // By hand: p = softmax(row); loss_i = λ_i·(-log p[y_i]) + (1-λ_i)·(-log p[y_perm(i)]).
      double z0 = Math.exp(2) + 2;
      double z1 = Math.exp(1) + 2;
      double first = 0.75 * -Math.log(Math.exp(2) / z0) + 0.25 * -Math.log(1 / z0);
      double second = 0.6 * -Math.log(Math.exp(1) / z1) + 0.4 * -Math.log(1 / z1);
      assertThat(mix.loss(logits, labels, 0).getFloat())
          .isCloseTo((float) ((first + second) / 2), within(1e-5f));
      // With smoothing eps, each target's loss is (1-eps)·nll + eps·mean(-log p).
      double eps = 0.1;
      double uniform0 = (-(2 - Math.log(z0)) - 2 * -Math.log(z0)) / 3;
      double uniform1 = (-(1 - Math.log(z1)) - 2 * -Math.log(z1)) / 3;
      double smoothed0 =
          0.75 * ((1 - eps) * -Math.log(Math.exp(2) / z0) + eps * uniform0)
              + 0.25 * ((1 - eps) * -Math.log(1 / z0) + eps * uniform0);
      double smoothed1 =
          0.6 * ((1 - eps) * -Math.log(Math.exp(1) / z1) + eps * uniform1)
              + 0.4 * ((1 - eps) * -Math.log(1 / z1) + eps * uniform1);
      assertThat(mix.loss(logits, labels, eps).getFloat())
          .isCloseTo((float) ((smoothed0 + smoothed1) / 2), within(1e-5f));
    }
  }

  @Test
  void samplesFoldedBetaWeightsAndAPermutation() {
    SplittableRandom random = new SplittableRandom(7);
    MixUp mix = MixUp.sample(20_000, 0.4, random);
    float[] lambdas = mix.lambdas();
    double mean = 0;
    for (float lambda : lambdas) {
      assertThat(lambda).isBetween(0.5f, 1f);
      mean += lambda;
    }
    mean /= lambdas.length;
    // E[max(λ, 1-λ)] for Beta(0.4, 0.4) is about 0.84 (U-shaped: most mass near 0 and 1).
    assertThat(mean).isBetween(0.82, 0.86);
    int[] sorted = mix.partners();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
  }

  @Test
  void betaSamplerHasTheRightMeanAndVariance() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 50_000;
    for (double alpha : new double[] {0.2, 0.4, 1, 2.5}) {
      double sum = 0;
      double sumOfSquares = 0;
      for (int i = 0; i < n; i++) {
        double x = BetaSampler.symmetric(alpha, random);
        assertThat(x).isBetween(0.0, 1.0);
        sum += x;
        sumOfSquares += x * x;
      }
      double mean = sum / n;
      double variance = sumOfSquares / n - mean * mean;
      // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)).
      assertThat(mean).isCloseTo(0.5, within(0.01));
      assertThat(variance).isCloseTo(1 / (4 * (2 * alpha + 1)), within(0.01));
    }
  }
}

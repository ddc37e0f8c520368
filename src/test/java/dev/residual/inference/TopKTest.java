package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void picksTheLargestFirst() {
    float[] p = {0.05f, 0.4f, 0.1f, 0.3f, 0.15f};

    assertThat(TopK.indices(p, 3)).containsExactly(1, 3, 4);
    assertThat(TopK.indices(p, 1)).containsExactly(1);
  }

  @Test
  void isCappedAtTheNumberOfClasses() {
    float[] p = {0.2f, 0.5f, 0.3f};

    assertThat(TopK.indices(p, 5)).containsExactly(1, 2, 0);
    assertThat(TopK.indices(p, 0)).isEmpty();
  }

  @Test
  void equalProbabilitiesKeepClassOrder() {
    assertThat(TopK.indices(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 3)).containsExactly(0, 1, 2);
  }

  @Test
  void agreesWithAFullSortOnRandomInputs() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      float[] p = new float[1 + random.nextInt(1000)];
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextFloat();
      }
      int k = 1 + random.nextInt(10);
      int[] sorted =
          IntStream.range(0, p.length)
              .boxed()
              .sorted(Comparator.comparing((Integer i) -> -p[i]).thenComparing(i -> i))
              .mapToInt(Integer::intValue)
              .limit(k)
              .toArray();

      assertThat(TopK.indices(p, k)).as(Arrays.toString(p)).containsExactly(sorted);
    }
  }
}

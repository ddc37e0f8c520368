package dev.residual.experiments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.experiments.MetricStats;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void meanAndSampleStandardDeviationOfSeeds() {
    MetricStats stats = Statistics.of(List.of(0.80, 0.85, 0.90));

    assertThat(stats.n()).isEqualTo(3);
    assertThat(stats.mean()).isCloseTo(0.85, within(1e-12));
    // Sample deviation: sqrt((0.05² + 0 + 0.05²) / (3 − 1)) = 0.05, not the population 0.0408.
    assertThat(stats.std()).isCloseTo(0.05, within(1e-12));
    assertThat(stats.values()).containsExactly(0.80, 0.85, 0.90);
  }

  @Test
  void oneValueHasAMeanButNoDeviation() {
    MetricStats stats = Statistics.of(List.of(2.5));

    assertThat(stats.n()).isEqualTo(1);
    assertThat(stats.mean()).isEqualTo(2.5);
    assertThat(stats.std()).isNull();
  }

  @Test
  void missingValuesAreLeftOutNotCountedAsZero() {
    MetricStats stats = Statistics.of(Arrays.asList(1.0, null, 3.0));

    assertThat(stats.n()).isEqualTo(2);
    assertThat(stats.mean()).isEqualTo(2.0);
    assertThat(stats.std()).isCloseTo(Math.sqrt(2), within(1e-12));
    assertThat(stats.values()).containsExactly(1.0, 3.0);
  }

  @Test
  void noValuesHaveNoMean() {
    MetricStats stats = Statistics.of(List.of());

    assertThat(stats.n()).isZero();
    assertThat(stats.mean()).isNull();
    assertThat(stats.std()).isNull();
  }
}

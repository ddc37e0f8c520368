package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsTheMetricsOfAnExpressionAndNothingElse() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.9, sum by (le, architecture)"
                    + " (rate(residual_training_epoch_seconds_bucket{job=~\"$job\",le!=\"1e3\"}[$__rate_interval])))"))
        .containsExactly("residual_training_epoch_seconds_bucket");
    assertThat(
            PromQl.metricNames(
                "sum(max by (kind) (residual_jobs{status=\"QUEUED\"})) > 0 and on()"
                    + " (sum(residual_training_workers_busy) or vector(0)) == 0"))
        .containsExactly("residual_jobs", "residual_training_workers_busy");
    assertThat(PromQl.metricNames("changes(up[15m]) >= 4 unless ignoring(pod) absent(foo:bar)"))
        .containsExactly("up", "foo:bar");
    assertThat(PromQl.metricNames("max_over_time(rate(a_total[5s])[10m:1s]) / 1e3 offset 5m"))
        .containsExactly("a_total");
  }
}

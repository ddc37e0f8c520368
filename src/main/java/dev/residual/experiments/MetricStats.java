package dev.residual.experiments;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One metric over the succeeded jobs of a variant (or over the jobs that reached an epoch).
 *
 * @param n how many values there are
 * @param mean their mean; absent when there are none
 * @param std their sample standard deviation (divided by n − 1); absent below two values
 * @param values the values, by seed
 */
public record MetricStats(
    int n,
    @Schema(nullable = true) Double mean,
    @Schema(nullable = true) Double std,
    List<Double> values) {

  public MetricStats {
    values = List.copyOf(values);
  }
}

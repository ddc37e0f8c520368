package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.training.TrainingJobRequest;
import java.util.List;

/**
 * What an experiment runs, after a preset is expanded and the request's fields applied: stored with
 * the experiment and shown with it.
 *
 * @param base the request every variant starts from (without a seed)
 * @param headline the metrics the comparison is about, most important first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentDefinition(
    String name,
    String preset,
    TrainingJobRequest base,
    List<ExperimentVariant> variants,
    List<Long> seeds,
    Integer evaluateAtImageSize,
    List<Metric> headline) {

  public int jobCount() {
    return variants.size() * seeds.size();
  }
}

package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What an LR-finder job found: the curve of smoothed training loss against learning rate, and the
 * learning rates it suggests.
 *
 * @param suggestedLearningRate fastai's {@code valley} suggestion: about halfway down the longest
 *     valley of the curve; null when no point had a finite loss
 * @param minimumLearningRate fastai's {@code minimum}: a tenth of the learning rate at the lowest
 *     loss; null likewise
 * @param iterations iterations recorded
 * @param stopReason {@code completed}, {@code diverged} (the loss exceeded 4× its minimum) or
 *     {@code not-finite} (the loss became NaN or infinite)
 * @param seconds wall time of the sweep
 * @param points one per recorded iteration, learning rates increasing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LrFinderResult(
    @Schema(example = "0.0012") Double suggestedLearningRate,
    @Schema(example = "0.0031") Double minimumLearningRate,
    int iterations,
    @Schema(allowableValues = {"completed", "diverged", "not-finite"}) String stopReason,
    double seconds,
    List<Point> points) {

  public LrFinderResult {
    points = List.copyOf(points);
  }

  /** One iteration: its learning rate and the smoothed training loss after it. */
  @Schema(name = "LrFinderPoint")
  public record Point(double learningRate, double loss) {}
}

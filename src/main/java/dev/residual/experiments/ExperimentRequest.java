package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.training.TrainingJobRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A comparison to run: either {@code base} + {@code variants}, or a {@code preset}. Every variant
 * runs with every seed. The top-level {@code dataset} and {@code epochs}, and the fields of {@code
 * base}, replace the preset's (or the base's) own; a variant's overrides replace both.
 *
 * @param name a label for lists and the dashboard; default the preset's name, else "experiment"
 * @param preset one of {@code GET /api/v1/experiments/presets}
 * @param dataset replaces the base's (or the preset's) dataset
 * @param epochs replaces the base's (or the preset's) epochs
 * @param base a job request; with a preset, only the fields to change
 * @param variants the arms; not with a preset
 * @param seeds one job per variant and seed; default 1, 2, 3 (a preset may choose others)
 * @param evaluateAtImageSize after training, evaluate each job's best checkpoint on images of this
 *     side too; {@code fcn-vs-flatten} sets it to twice the dataset's size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentRequest(
    @Pattern(regexp = NAME, message = "must be a name of lower-case letters, digits, '.', '_', '-'")
        @Schema(example = "fcn-vs-flatten")
        String name,
    @Schema(example = "fcn-vs-flatten") String preset,
    @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a dataset name")
        @Schema(example = "fashion-mnist")
        String dataset,
    @Min(1) @Max(1000) Integer epochs,
    @Schema(description = "A job request; with a preset, only the fields to change")
        TrainingJobRequest base,
    @Size(max = 64) @Valid List<@NotNull @Valid ExperimentVariant> variants,
    @Size(min = 1, max = 64) List<@NotNull @Min(0) Long> seeds,
    @Min(8) @Max(512) Integer evaluateAtImageSize) {

  /** The pattern of experiment and variant names. */
  public static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";
}

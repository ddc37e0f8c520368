package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.training.TrainingJobRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * One arm of a comparison.
 *
 * @param name unique within the experiment; names the variant in results and errors
 * @param overrides fields of a job request; each one given replaces the base's whole field (an
 *     {@code architecture} object replaces the base's architecture, it is not merged into it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentVariant(
    @NotBlank
        @Pattern(regexp = ExperimentRequest.NAME, message = "must be a variant name")
        @Schema(example = "flatten")
        String name,
    @Schema(
            description =
                "Job-request fields that replace the base's; `seed` comes from the experiment's"
                    + " seeds")
        TrainingJobRequest overrides) {}

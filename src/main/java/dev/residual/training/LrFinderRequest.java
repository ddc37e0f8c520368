package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.models.ArchitectureSchema;
import dev.residual.training.runner.Hyperparameters;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A learning-rate sweep (fastai's {@code lr_find}) of a fresh network on a dataset. Only {@code
 * dataset} and {@code architecture} are required (see {@link LrFinderDefaults}); the job stores the
 * request with its defaults filled in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LrFinderRequest(
    @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a dataset name")
        @Schema(example = "fashion-mnist")
        String dataset,
    @NotNull @Schema(ref = ArchitectureSchema.REF) Object architecture,
    @Min(1)
        @Max(Hyperparameters.MAX_BATCH_SIZE)
        @Schema(description = "Default " + TrainingDefaults.BATCH_SIZE, example = "128")
        Integer batchSize,
    @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("10")
        @Schema(description = "Learning rate of the first iteration. Default 1e-7")
        Double startLr,
    @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("100")
        @Schema(description = "Learning rate of the last iteration; above startLr. Default 10")
        Double endLr,
    @Min(6)
        @Max(10000)
        @Schema(
            description =
                "Iterations (batches) of the sweep, unless it diverges first. Default 100")
        Integer numIterations,
    @Pattern(regexp = OptimizerField.PATTERN, message = OptimizerField.MESSAGE)
        @Schema(
            allowableValues = {"sgd", "nesterov", "adamw"},
            description = OptimizerField.DESCRIPTION)
        String optimizer,
    @DecimalMin("0")
        @DecimalMax(Hyperparameters.MAX_WEIGHT_DECAY)
        @Schema(description = OptimizerField.WEIGHT_DECAY)
        Double weightDecay,
    @Min(0)
        @Max(TrainingDefaults.MAX_SEED)
        @Schema(description = "Default: chosen at submission and stored; at most 2^53 - 1")
        Long seed,
    @Min(Hyperparameters.MIN_IMAGE_SIZE)
        @Max(Hyperparameters.MAX_IMAGE_SIZE)
        @Schema(description = "Side of the square training images. Default: the dataset's own")
        Integer imageSize,
    @DecimalMin("0")
        @DecimalMax(Hyperparameters.MAX_LABEL_SMOOTHING)
        @Schema(
            description =
                "Label smoothing of the loss, as the training job will use. Default "
                    + Hyperparameters.LABEL_SMOOTHING)
        Double labelSmoothing) {

  /** This request with another architecture (a name or a spec). */
  public LrFinderRequest withArchitecture(Object architecture) {
    return new LrFinderRequest(
        dataset,
        architecture,
        batchSize,
        startLr,
        endLr,
        numIterations,
        optimizer,
        weightDecay,
        seed,
        imageSize,
        labelSmoothing);
  }
}

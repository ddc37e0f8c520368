package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.models.ArchitectureSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * What a client asks to train. Every field but {@code dataset}, {@code architecture} and {@code
 * epochs} has a default that works (see {@link TrainingDefaults}); the job stores the request with
 * its defaults filled in, so that it always shows what it really ran with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJobRequest(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a dataset name")
        @Schema(example = "fashion-mnist")
        String dataset,
    @NotNull
        @Schema(
            description = "A named architecture (resnet18 … resnet152) or a spec",
            oneOf = {String.class, ArchitectureSpec.class},
            example = "resnet18")
        Object architecture,
    @NotNull @Min(1) @Max(1000) @Schema(example = "5") Integer epochs,
    @Min(1) @Max(1024) @Schema(description = "Default 128", example = "128") Integer batchSize,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("10")
        @Schema(description = "Peak learning rate of the schedule. Default 0.002 (adamw), 0.1 (sgd)")
        Double learningRate,
    @Pattern(regexp = "sgd|adamw", message = "must be 'sgd' or 'adamw'")
        @Schema(allowableValues = {"sgd", "adamw"}, description = "Default adamw")
        String optimizer,
    @DecimalMin("0") @DecimalMax("1")
        @Schema(description = "Decoupled weight decay. Default 0.01")
        Double weightDecay,
    @Min(8) @Max(512) @Schema(description = "Side of the square training images. Default: the dataset's own")
        Integer imageSize,
    @Min(0) @Schema(description = "Default: chosen at submission and stored") Long seed,
    @Min(1) @Schema(description = "Train on at most this many batches per epoch (quick runs)")
        Integer limitTrainBatches,
    @Min(1) @Schema(description = "Validate on at most this many batches per epoch")
        Integer limitValidBatches,
    @Min(1) @Max(100) @Schema(description = "Checkpoints kept besides the best one. Default 3")
        Integer keepCheckpoints,
    @DecimalMin("0") @DecimalMax("0.5")
        @Schema(description = "Label smoothing epsilon. Default 0 (0.1 is the usual value)")
        Double labelSmoothing,
    @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a model name")
        @Schema(
            description =
                "When the job succeeds, publish its best checkpoint as a new version of this model"
                    + " (the model's first version is activated)",
            example = "fashion")
        String publishAs) {}

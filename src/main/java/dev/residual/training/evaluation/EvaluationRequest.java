package dev.residual.training.evaluation;

import dev.residual.training.runner.Hyperparameters;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * What to evaluate a checkpoint on.
 *
 * @param dataset a dataset with the checkpoint's channels and number of classes
 * @param split {@code valid} (default) or {@code train}
 * @param limitBatches evaluate at most this many batches; default every image
 * @param batchSize default the batch size of the job that wrote the checkpoint, else 128
 */
public record EvaluationRequest(
    @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a dataset name")
        @Schema(example = "fashion-mnist")
        String dataset,
    @Pattern(regexp = "valid|train", message = "must be 'valid' or 'train'")
        @Schema(
            allowableValues = {"valid", "train"},
            description = "Default valid")
        String split,
    @Min(1) @Schema(description = "At most this many batches, in order. Default: the whole split")
        Integer limitBatches,
    @Min(1)
        @Max(Hyperparameters.MAX_BATCH_SIZE)
        @Schema(
            description = "Default: the batch size of the job that wrote the checkpoint, else 128")
        Integer batchSize) {

  /** The split, defaulted. */
  String splitOrDefault() {
    return split == null ? "valid" : split;
  }
}

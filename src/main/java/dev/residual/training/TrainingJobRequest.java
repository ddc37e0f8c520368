package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.models.ArchitectureSchema;
import dev.residual.training.runner.Hyperparameters;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a client asks to train. Every field but {@code dataset}, {@code architecture} and {@code
 * epochs} has a default that works (see {@link TrainingDefaults}); the job stores the request with
 * its defaults filled in, so that it always shows what it really ran with. A field sent as null,
 * and a list sent empty (as generated clients send unset lists), take their defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJobRequest(
    @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a dataset name")
        @Schema(example = "fashion-mnist")
        String dataset,
    @NotNull @Schema(ref = ArchitectureSchema.REF) Object architecture,
    @NotNull @Min(1) @Max(Hyperparameters.MAX_EPOCHS) @Schema(example = "5") Integer epochs,
    @Min(1)
        @Max(Hyperparameters.MAX_BATCH_SIZE)
        @Schema(description = "Default " + TrainingDefaults.BATCH_SIZE, example = "128")
        Integer batchSize,
    @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(Hyperparameters.MAX_LEARNING_RATE)
        @Schema(
            description =
                "Peak learning rate of the schedule. Default: nesterov 0.2; sgd 0.1; adamw 0.002 at"
                    + " batchSize 128, scaled by the square root of batchSize / 128 (0.0028 at 256)")
        Double learningRate,
    @Pattern(regexp = OptimizerField.PATTERN, message = OptimizerField.MESSAGE)
        @Schema(
            allowableValues = {"sgd", "nesterov", "adamw"},
            description = OptimizerField.DESCRIPTION)
        String optimizer,
    @DecimalMin("0")
        @DecimalMax(Hyperparameters.MAX_WEIGHT_DECAY)
        @Schema(description = OptimizerField.WEIGHT_DECAY)
        Double weightDecay,
    @Min(Hyperparameters.MIN_IMAGE_SIZE)
        @Max(Hyperparameters.MAX_IMAGE_SIZE)
        @Schema(description = "Side of the square training images. Default: the dataset's own")
        Integer imageSize,
    @Min(0)
        @Max(TrainingDefaults.MAX_SEED)
        @Schema(description = "Default: chosen at submission and stored; at most 2^53 - 1")
        Long seed,
    @Min(1) @Schema(description = "Train on at most this many batches per epoch (quick runs)")
        Integer limitTrainBatches,
    @Min(1) @Schema(description = "Validate on at most this many batches per epoch")
        Integer limitValidBatches,
    @Min(1)
        @Max(100)
        @Schema(
            description =
                "Checkpoints kept besides the best one. Default "
                    + TrainingDefaults.KEEP_CHECKPOINTS)
        Integer keepCheckpoints,
    @DecimalMin("0")
        @DecimalMax(Hyperparameters.MAX_LABEL_SMOOTHING)
        @Schema(
            description =
                "Label smoothing epsilon; 0 turns it off. Default "
                    + Hyperparameters.LABEL_SMOOTHING)
        Double labelSmoothing,
    @Pattern(
            regexp = "one-cycle|cosine|constant",
            message = "must be 'one-cycle', 'cosine' or 'constant'")
        @Schema(
            allowableValues = {"one-cycle", "cosine", "constant"},
            description =
                "How the learning rate moves: fastai's one-cycle (warm-up then cosine down,"
                    + " momentum 0.95→0.85→0.95), cosine annealing, or constant. Default one-cycle")
        String schedule,
    @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        @Schema(
            description =
                "One-cycle: fraction of the steps spent warming up. Default "
                    + Hyperparameters.PCT_START)
        Double pctStart,
    @DecimalMin("1")
        @DecimalMax(Hyperparameters.MAX_DIV_FACTOR)
        @Schema(
            description = "One-cycle: the starting rate is learningRate / divFactor. Default 25")
        Double divFactor,
    @DecimalMin("1")
        @DecimalMax(Hyperparameters.MAX_FINAL_DIV_FACTOR)
        @Schema(
            description =
                "One-cycle and cosine: the final rate is learningRate / finalDivFactor. Default 1e5")
        Double finalDivFactor,
    @DecimalMin("0")
        @DecimalMax(Hyperparameters.MAX_MIXUP)
        @Schema(description = "MixUp's Beta(alpha, alpha) parameter; 0 turns MixUp off. Default 0")
        Double mixup,
    @Valid
        @Schema(
            description = "Training-time augmentation. Default: flip, and the crop 'auto' picks")
        Augment augment,
    @Size(max = 32)
        @Valid
        @Schema(
            description =
                "Progressive resizing: the image side from each epoch on (0-based, the first entry"
                    + " at epoch 0). Needs an avgpool head. The last size is the model's input size."
                    + " Default (also when empty): imageSize throughout")
        List<@NotNull @Valid ImageSize> imageSizes,
    @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be a model name")
        @Schema(
            description =
                "When the job succeeds, publish its best checkpoint as a new version of this model"
                    + " (the model's first version is activated)",
            example = "fashion")
        String publishAs) {

  /** An empty {@code imageSizes} means no progressive resizing, as an absent one does. */
  public TrainingJobRequest {
    imageSizes = imageSizes == null || imageSizes.isEmpty() ? null : imageSizes;
  }

  /**
   * Training-time augmentation; unset fields take their defaults.
   *
   * @param flip mirror half of the images left to right (default true)
   * @param crop {@code pad} (pad and random crop, for small images), {@code random-resized} (for
   *     large ones), {@code none}, or {@code auto} (default): {@code none} up to 64 px, {@code
   *     random-resized} above
   * @param padding pixels of black padding on each side for {@code pad} (default 4)
   * @param minScale smallest area fraction a {@code random-resized} crop keeps (default 0.35)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Augment(
      Boolean flip,
      @Pattern(
              regexp = "auto|none|pad|random-resized",
              message = "must be 'auto', 'none', 'pad' or 'random-resized'")
          @Schema(allowableValues = {"auto", "none", "pad", "random-resized"})
          String crop,
      @Min(0) @Max(64) Integer padding,
      @DecimalMin("0.05") @DecimalMax("1") Double minScale) {}

  /**
   * One step of progressive resizing.
   *
   * @param fromEpoch the first epoch (0-based) trained at {@code size}
   * @param size side of the square images
   */
  public record ImageSize(
      @NotNull @Min(0) @Schema(example = "0") Integer fromEpoch,
      @NotNull
          @Min(Hyperparameters.MIN_IMAGE_SIZE)
          @Max(Hyperparameters.MAX_IMAGE_SIZE)
          @Schema(example = "64")
          Integer size) {}

  /** This request with another architecture (a name or a spec). */
  public TrainingJobRequest withArchitecture(Object architecture) {
    return new TrainingJobRequest(
        dataset,
        architecture,
        epochs,
        batchSize,
        learningRate,
        optimizer,
        weightDecay,
        imageSize,
        seed,
        limitTrainBatches,
        limitValidBatches,
        keepCheckpoints,
        labelSmoothing,
        schedule,
        pctStart,
        divFactor,
        finalDivFactor,
        mixup,
        augment,
        imageSizes,
        publishAs);
  }

  /** The image side epoch {@code epoch} (0-based) trains at, once defaults are applied. */
  public int imageSizeAt(int epoch) {
    int size = imageSize;
    if (imageSizes != null) {
      for (ImageSize step : imageSizes) {
        if (step.fromEpoch() <= epoch) {
          size = step.size();
        }
      }
    }
    return size;
  }
}

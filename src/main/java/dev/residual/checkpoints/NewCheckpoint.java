package dev.residual.checkpoints;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a trainer hands to {@link CheckpointStore#save(NewCheckpoint)}.
 *
 * @param jobId the job writing the checkpoint; it names the archive's directory
 * @param epoch epochs completed; must equal {@code metadata.epoch()}
 * @param metadata the self-description written as {@code metadata.json}
 * @param top1 validation top-1 accuracy in [0, 1], or null; used to pick the best checkpoint
 * @param modelParams writes DJL's parameter bytes ({@code model.params})
 * @param optimizerState writes optimizer and training state ({@code optimizer.bin}), or null
 */
public record NewCheckpoint(
    UUID jobId,
    int epoch,
    CheckpointMetadata metadata,
    @Nullable Double top1,
    PayloadWriter modelParams,
    @Nullable PayloadWriter optimizerState) {

  public NewCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(modelParams, "modelParams");
    if (epoch != metadata.epoch()) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " differs from the metadata's epoch " + metadata.epoch());
    }
    // NaN would sort unpredictably when picking the best checkpoint, so it is refused here.
    if (top1 != null && !(top1 >= 0 && top1 <= 1)) {
      throw new IllegalArgumentException("top1 must be in [0, 1], was " + top1);
    }
  }
}

package dev.residual.checkpoints;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A recorded checkpoint: its row, which exists only once the archive is complete on disk.
 *
 * @param id the checkpoint's id, also the archive's file name
 * @param jobId the training job that wrote it
 * @param epoch epochs completed when it was written
 * @param sha256 lowercase hex SHA-256 of the whole archive, checked whenever it is read
 * @param sizeBytes the archive's size
 * @param top1 validation top-1 accuracy in [0, 1], or null when the job did not measure it
 * @param createdAt when the row was written
 * @param metadata what {@code metadata.json} in the archive says
 */
public record Checkpoint(
    UUID id,
    @Nullable UUID jobId,
    int epoch,
    String sha256,
    long sizeBytes,
    @Nullable Double top1,
    Instant createdAt,
    CheckpointMetadata metadata) {}

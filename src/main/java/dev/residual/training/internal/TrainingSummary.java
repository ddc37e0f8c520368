package dev.residual.training.internal;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a training run reports about itself for its {@code done} event: its best epoch's accuracy
 * and checkpoint.
 *
 * @param top1 best validation top-1
 * @param top5 that epoch's top-5
 * @param bestEpoch that epoch
 * @param bestCheckpointId its checkpoint
 */
record TrainingSummary(
    @Nullable Double top1,
    @Nullable Double top5,
    @Nullable Integer bestEpoch,
    @Nullable UUID bestCheckpointId) {}

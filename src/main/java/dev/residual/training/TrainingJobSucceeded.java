package dev.residual.training;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A training job ended successfully; published after its terminal status is committed.
 *
 * @param jobId the job
 * @param bestCheckpointId its checkpoint with the best validation top-1, or null if it saved none
 * @param publishAs the model name the request asked to publish that checkpoint as, or null
 */
public record TrainingJobSucceeded(
    JobId jobId, @Nullable UUID bestCheckpointId, @Nullable String publishAs) {}

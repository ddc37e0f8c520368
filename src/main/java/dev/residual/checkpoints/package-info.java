/**
 * Self-describing checkpoints: a zip of the network's parameters, the optimizer state and {@link
 * dev.residual.checkpoints.CheckpointMetadata} (architecture, classes, input shape, the stored
 * image size, normalisation, the job's request), written atomically by {@link
 * dev.residual.checkpoints.CheckpointStore} with a row per checkpoint, retention per job, and a
 * janitor for orphaned files.
 *
 * <p>Other modules save and read checkpoints through {@code CheckpointStore}; who may delete one is
 * asked through {@link dev.residual.checkpoints.CheckpointUsage}.
 */
package dev.residual.checkpoints;

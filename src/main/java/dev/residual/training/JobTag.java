package dev.residual.training;

/**
 * Marks a training job as one cell of an experiment's grid.
 *
 * @param experimentId the experiment that queued the job
 * @param variant the variant's name within the experiment
 * @param seed the job's random seed, one of the experiment's seeds
 */
public record JobTag(String experimentId, String variant, long seed) {}

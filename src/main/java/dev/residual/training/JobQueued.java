package dev.residual.training;

/**
 * A job was queued. Published in the submitting transaction; the queue's workers hear it after the
 * commit, so that a woken worker finds the job it was woken for.
 *
 * @param jobId the job
 */
public record JobQueued(JobId jobId) {}

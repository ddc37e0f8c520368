package dev.residual.training;

/**
 * Events were appended to a job's log ({@code status}, {@code batch}, {@code epoch}, {@code
 * checkpoint}, {@code done}). Published in the appending transaction; listeners that read the
 * events hear it after the commit, when the rows are visible.
 *
 * @param jobId the job
 */
public record JobEventsAppended(JobId jobId) {}

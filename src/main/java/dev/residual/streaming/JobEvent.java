package dev.residual.streaming;

/**
 * One stored row of {@code job_event}: its id doubles as the SSE event id, so a reconnecting client
 * resumes from exactly where it stopped.
 */
record JobEvent(long id, String jobId, String type, String data) {}

/**
 * Server-sent event streams of a training job's events: replay from the stored events after {@code
 * Last-Event-ID}, live events as they are appended, heartbeats, per-client and global caps.
 *
 * <p>Streams wake when they hear the training module's {@link
 * dev.residual.training.JobEventsAppended}, after the appending transaction commits, so a woken
 * stream finds the rows it was woken for; a poll covers events appended on other instances. The
 * training module never calls this one.
 */
package dev.residual.streaming;

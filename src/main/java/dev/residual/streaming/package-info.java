/**
 * Server-sent event streams, for any module that has events to stream: replay after {@code
 * Last-Event-ID}, live events as they come, heartbeats, a timeout, per-client and global caps, all
 * on one pump thread and configured under {@code residual.streaming}.
 *
 * <p>This module owns no domain and depends only on {@code system}. A module with events implements
 * {@link dev.residual.streaming.EventFeed} (the state of a stream and its events after an id, as
 * {@link dev.residual.streaming.StreamEvent}s), opens streams through {@link
 * dev.residual.streaming.EventStreams}, parses the resume position with {@link
 * dev.residual.streaming.LastEventId}, and publishes a {@link
 * dev.residual.streaming.StreamAppended} when it appends: streams wake after the publishing
 * transaction commits, so a woken stream finds the rows it was woken for, and a poll covers events
 * appended on other instances. Training jobs, experiments and dataset downloads stream this way.
 */
package dev.residual.streaming;

package dev.residual.streaming;

/**
 * One event of a stream as it goes on the wire: its id doubles as the SSE event id, so a
 * reconnecting client resumes from exactly where it stopped; ids grow within a stream.
 *
 * @param id the event id, greater than every earlier one of the same stream
 * @param type the SSE event name
 * @param data the event's data, already JSON
 */
public record StreamEvent(long id, String type, String data) {}

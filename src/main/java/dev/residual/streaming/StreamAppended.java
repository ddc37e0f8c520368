package dev.residual.streaming;

/**
 * Events were appended to a stream of a feed. Owning modules publish it (or an event type of their
 * own that implements it) as an application event; {@link EventStreams} hears it after the
 * publishing transaction commits, or at once without a transaction, so the woken stream finds what
 * it was woken for.
 */
public interface StreamAppended {

  /** The {@link EventFeed#name()} of the feed. */
  String feed();

  /** The stream's key within the feed. */
  String key();
}

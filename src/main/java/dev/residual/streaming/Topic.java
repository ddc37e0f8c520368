package dev.residual.streaming;

/** One stream of one feed, as subscribers follow it. */
record Topic(EventFeed feed, String key) {}

package dev.residual.streaming;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the live event streams (training jobs, experiments, dataset downloads), all under
 * {@code residual.streaming}.
 *
 * @param pollInterval how often the pump reads new events of streams that have subscribers; polling
 *     the feeds (not only in-process wake-ups) lets a job running on another instance stream
 * @param heartbeat how often an idle stream gets a {@code :heartbeat} comment, so that proxies and
 *     load balancers do not drop it and dead clients are noticed on the next write
 * @param timeout how long one stream stays open; the client then reconnects with {@code
 *     Last-Event-ID}, which spreads long-lived connections over restarts and instances
 * @param maxStreams concurrent streams per instance before new ones get 503 + {@code Retry-After}
 * @param pageSize events read per stream per pump pass, which bounds memory and pump latency when a
 *     late subscriber replays a long history
 * @param retryAfter what a refused client is told to wait
 * @param maxStreamsPerClient concurrent streams of one client address, so that one client cannot
 *     take every stream
 */
@ConfigurationProperties("residual.streaming")
public record StreamingProperties(
    @DefaultValue("250ms") Duration pollInterval,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("30m") Duration timeout,
    @DefaultValue("256") int maxStreams,
    @DefaultValue("500") int pageSize,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("16") int maxStreamsPerClient) {

  @ConstructorBinding
  public StreamingProperties {
    requirePositive(pollInterval, "poll-interval");
    requirePositive(heartbeat, "heartbeat");
    requirePositive(timeout, "timeout");
    requirePositive(retryAfter, "retry-after");
    if (maxStreams < 1) {
      throw new IllegalArgumentException("residual.streaming.max-streams must be at least 1");
    }
    if (maxStreamsPerClient < 1) {
      throw new IllegalArgumentException(
          "residual.streaming.max-streams-per-client must be at least 1");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("residual.streaming.page-size must be at least 1");
    }
  }

  /** Limits with {@code maxStreamsPerClient} equal to {@code maxStreams}. */
  public StreamingProperties(
      Duration pollInterval,
      Duration heartbeat,
      Duration timeout,
      int maxStreams,
      int pageSize,
      Duration retryAfter) {
    this(pollInterval, heartbeat, timeout, maxStreams, pageSize, retryAfter, maxStreams);
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("residual.streaming." + key + " must be positive");
    }
  }
}

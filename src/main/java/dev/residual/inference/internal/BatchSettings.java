package dev.residual.inference.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How one served model batches its requests.
 *
 * @param queueSize images that may wait for a worker; more get 503
 * @param maxBatchSize images in one forward pass
 * @param maxBatchDelay how long a batch may stay open for images on their way
 * @param requestTimeout how long an image may wait for its result before its client gets 503
 * @param retryAfter what a refused client is told to wait
 * @param workers threads running forward passes, each with its own parameter store
 */
public record BatchSettings(
    int queueSize,
    int maxBatchSize,
    Duration maxBatchDelay,
    Duration requestTimeout,
    Duration retryAfter,
    int workers) {

  public BatchSettings {
    Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (queueSize < 1 || maxBatchSize < 1 || workers < 1) {
      throw new IllegalArgumentException("queueSize, maxBatchSize and workers must be at least 1");
    }
    if (maxBatchDelay.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "maxBatchDelay must not be negative and requestTimeout must be positive");
    }
  }
}

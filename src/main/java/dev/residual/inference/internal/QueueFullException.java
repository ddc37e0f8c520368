package dev.residual.inference.internal;

import dev.residual.system.ServiceBusyException;
import java.time.Duration;

/** A model's queue has no room for a request's images: 503 with {@code Retry-After}. */
public class QueueFullException extends ServiceBusyException {

  public QueueFullException(String detail, Duration retryAfter) {
    super(detail, retryAfter);
  }
}

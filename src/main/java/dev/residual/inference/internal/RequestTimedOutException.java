package dev.residual.inference.internal;

import dev.residual.system.ServiceBusyException;
import java.time.Duration;

/** A request waited past its deadline for a worker: 503 with {@code Retry-After}. */
public class RequestTimedOutException extends ServiceBusyException {

  public RequestTimedOutException(String detail, Duration retryAfter) {
    super(detail, retryAfter);
  }
}

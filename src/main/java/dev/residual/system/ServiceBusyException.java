package dev.residual.system;

import java.time.Duration;

/**
 * A bounded queue is full, or the service is stopping: the request may succeed later. The problem
 * carries {@code Retry-After} so that well-behaved clients back off instead of hammering the
 * service.
 */
public class ServiceBusyException extends DomainException {

  private final Duration retryAfter;

  public ServiceBusyException(String detail, Duration retryAfter) {
    this("Busy", detail, retryAfter);
  }

  protected ServiceBusyException(String title, String detail, Duration retryAfter) {
    super(title, detail);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}

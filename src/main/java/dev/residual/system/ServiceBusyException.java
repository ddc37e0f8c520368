package dev.residual.system;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A bounded queue is full (503, or 429 for a client's own backlog). The advice adds a {@code
 * Retry-After} header so that well-behaved clients back off instead of hammering the service.
 */
public class ServiceBusyException extends ApiException {

  private final Duration retryAfter;

  public ServiceBusyException(HttpStatus status, String detail, Duration retryAfter) {
    super(status, status == HttpStatus.TOO_MANY_REQUESTS ? "Too many requests" : "Busy", detail);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}

package dev.residual.system;

import java.time.Duration;

/** This client already has as much queued as it may: it, not the service, should slow down. */
public class ClientBacklogException extends ServiceBusyException {

  public ClientBacklogException(String detail, Duration retryAfter) {
    super("Too many requests", detail, retryAfter);
  }
}

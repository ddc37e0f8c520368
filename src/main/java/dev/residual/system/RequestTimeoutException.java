package dev.residual.system;

/** The client did not send its body in time. */
public class RequestTimeoutException extends DomainException {

  public RequestTimeoutException(String detail) {
    super("Request timeout", detail);
  }
}

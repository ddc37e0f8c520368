package dev.residual.system;

/** The request asks for something the service's configuration does not allow anyone. */
public class ForbiddenException extends DomainException {

  public ForbiddenException(String detail) {
    super("Forbidden", detail);
  }
}

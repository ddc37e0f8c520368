package dev.residual.system;

/** The request is valid but collides with the current state (a name in use, a job running). */
public class ConflictException extends DomainException {

  public ConflictException(String detail) {
    super("Conflict", detail);
  }
}

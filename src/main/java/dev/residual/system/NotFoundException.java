package dev.residual.system;

/** The named thing does not exist (never did, or was deleted). */
public class NotFoundException extends DomainException {

  public NotFoundException(String what, String id) {
    super("Not found", what + " '" + id + "' does not exist");
  }
}

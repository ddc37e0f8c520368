package dev.residual.system;

/**
 * The request is well formed, but what it names cannot be used for it (a checkpoint whose
 * parameters do not fit its architecture, say).
 */
public class UnprocessableException extends DomainException {

  public UnprocessableException(String title, String detail) {
    super(title, detail);
  }
}

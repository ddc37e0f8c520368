package dev.residual.system;

/** The content is in a format the service does not read. */
public class UnsupportedFormatException extends DomainException {

  public UnsupportedFormatException(String title, String detail) {
    super(title, detail);
  }
}

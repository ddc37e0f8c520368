package dev.residual.system;

/** The content is over a configured limit: bytes, pixels, entries or images. */
public class TooLargeException extends DomainException {

  public TooLargeException(String title, String detail) {
    super(title, detail);
  }
}

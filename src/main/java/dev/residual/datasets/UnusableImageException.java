package dev.residual.datasets;

/**
 * An image the pipeline refuses: a format other than PNG and JPEG, a size over a limit, or content
 * that cannot be decoded. The message names the image and the reason; each caller turns the {@link
 * Reason} into its own answer (a dataset import refuses the whole dataset, a prediction request
 * answers 415, 413 or 400).
 */
public final class UnusableImageException extends RuntimeException {

  /** Why the image was refused. */
  public enum Reason {
    /** Not a PNG or JPEG, or not the format its file name says. */
    UNSUPPORTED_FORMAT,
    /** More pixels, or a longer side, than the limit. */
    TOO_LARGE,
    /** Truncated, corrupt, or a colour model the decoder cannot read. */
    UNREADABLE
  }

  private final Reason reason;

  public UnusableImageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package dev.residual.datasets.archive;

import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.TooLargeException;

/**
 * The two ways a dataset the client sent is refused: 400 for something malformed or unsafe, 413 for
 * something over a size or count limit. The message is the reason, shown to the client.
 */
public final class Rejections {

  private Rejections() {}

  /** 400: malformed, unsafe or unusable content. */
  public static DomainException invalid(String reason) {
    return new InvalidRequestException("Invalid dataset", reason);
  }

  /** 413: over a configured limit. */
  public static DomainException tooLarge(String reason) {
    return new TooLargeException("Dataset too large", reason);
  }
}

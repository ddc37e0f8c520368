package dev.residual.datasets.archive;

import dev.residual.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The two ways a dataset the client sent is refused: 400 for something malformed or unsafe, 413 for
 * something over a size or count limit. The message is the reason, shown to the client.
 */
public final class Rejections {

  private Rejections() {}

  /** 400: malformed, unsafe or unusable content. */
  public static ApiException invalid(String reason) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Invalid dataset", reason);
  }

  /** 413: over a configured limit. */
  public static ApiException tooLarge(String reason) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "Dataset too large", reason);
  }
}

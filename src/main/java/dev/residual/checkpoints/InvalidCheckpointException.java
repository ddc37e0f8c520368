package dev.residual.checkpoints;

import dev.residual.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A checkpoint archive that cannot be trusted: not a zip, truncated, with unexpected or absurdly
 * large entries, metadata that does not parse, or bytes that no longer match the recorded SHA-256.
 * It is a 422 with a message naming the defect, never a crash inside DJL or the zip reader.
 */
public class InvalidCheckpointException extends ApiException {

  InvalidCheckpointException(String detail) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid checkpoint", detail);
  }
}

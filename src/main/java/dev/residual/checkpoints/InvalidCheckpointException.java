package dev.residual.checkpoints;

import dev.residual.system.UnprocessableException;

/**
 * A checkpoint archive that cannot be trusted: not a zip, truncated, with unexpected or absurdly
 * large entries, metadata that does not parse, or bytes that no longer match the recorded SHA-256.
 * It is a 422 with a message naming the defect, never a crash inside DJL or the zip reader.
 */
public class InvalidCheckpointException extends UnprocessableException {

  InvalidCheckpointException(String detail) {
    super("Invalid checkpoint", detail);
  }
}

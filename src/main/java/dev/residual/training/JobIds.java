package dev.residual.training;

import dev.residual.system.InvalidRequestException;

/** Job ids from a request path: anything but a {@link JobId} is a 400 naming the {@code id}. */
final class JobIds {

  private JobIds() {}

  /** The id in {@link JobId}'s stored form. */
  static String require(String id) {
    return JobId.parse(id)
        .orElseThrow(() -> InvalidRequestException.field("id", "is not a job id (a UUID)"))
        .toString();
  }
}

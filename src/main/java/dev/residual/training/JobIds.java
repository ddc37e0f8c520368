package dev.residual.training;

import dev.residual.system.ApiException;
import java.util.regex.Pattern;

/** Job ids are UUIDs; anything else (say {@code ../x}) is refused before it reaches a query or a path. */
final class JobIds {

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private JobIds() {}

  static String require(String id) {
    if (id == null || !UUID.matcher(id).matches()) {
      throw ApiException.invalidField("id", "is not a job id (a lower-case UUID)");
    }
    return id;
  }
}

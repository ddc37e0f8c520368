package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A job's id: a UUID, shown and stored in {@link UUID#toString()}'s lower-case 8-4-4-4-12 form. The
 * one place that decides what text is a job id.
 */
public record JobId(UUID value) {

  /** The canonical 8-4-4-4-12 form; {@link UUID#fromString} alone also accepts "1-2-3-4-5". */
  private static final Pattern FORM =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  public JobId {
    Objects.requireNonNull(value, "value");
  }

  /** A new, random id. */
  public static JobId random() {
    return new JobId(UUID.randomUUID());
  }

  /**
   * The id {@code text} spells in the 8-4-4-4-12 form (either case), or empty for anything else,
   * say {@code ../x}, so that it never reaches a query or a path.
   */
  public static Optional<JobId> parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(new JobId(UUID.fromString(text)));
  }

  /** An id read back from the database, where only valid ids are ever written. */
  public static JobId of(String stored) {
    return parse(stored).orElseThrow(() -> new IllegalArgumentException("not a job id: " + stored));
  }

  @JsonValue
  @Override
  public String toString() {
    return value.toString();
  }
}

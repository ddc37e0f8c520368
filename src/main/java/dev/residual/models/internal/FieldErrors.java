package dev.residual.models.internal;

import dev.residual.system.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects validation messages per JSON path so that a client hears of every problem at once. */
public final class FieldErrors {

  private final Map<String, String> errors = new LinkedHashMap<>();

  /** Adds a message; a second one for the same field is appended, not lost. */
  public void add(String field, String message) {
    errors.merge(field, message, (a, b) -> a + "; " + b);
  }

  public boolean has(String field) {
    return errors.containsKey(field);
  }

  /** Whether {@code prefix} or any field under it ({@code prefix.x}) has a problem. */
  public boolean hasPrefix(String prefix) {
    return errors.keySet().stream().anyMatch(f -> f.equals(prefix) || f.startsWith(prefix + "."));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws a 400 naming every field with a problem; returns quietly if there is none. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw InvalidRequestException.fields(errors);
    }
  }
}

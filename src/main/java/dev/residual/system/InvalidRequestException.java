package dev.residual.system;

import java.util.LinkedHashMap;
import java.util.Map;

/** The request is wrong: a field's value, a combination of fields, or the body itself. */
public class InvalidRequestException extends DomainException {

  private static final String TITLE = "Invalid request";

  public InvalidRequestException(String title, String detail) {
    super(title, detail);
  }

  public InvalidRequestException(String title, String detail, Map<String, String> fieldErrors) {
    super(title, detail, fieldErrors);
  }

  /** One wrong field: {@code field} is the JSON path of the value. */
  public static InvalidRequestException field(String field, String message) {
    return new InvalidRequestException(TITLE, field + ": " + message, Map.of(field, message));
  }

  /** Every wrong field, in order. */
  public static InvalidRequestException fields(Map<String, String> fieldErrors) {
    StringBuilder detail = new StringBuilder();
    fieldErrors.forEach(
        (f, m) -> detail.append(detail.isEmpty() ? "" : "; ").append(f).append(": ").append(m));
    return new InvalidRequestException(TITLE, detail.toString(), new LinkedHashMap<>(fieldErrors));
  }
}

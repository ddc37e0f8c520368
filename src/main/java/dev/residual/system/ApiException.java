package dev.residual.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the client can act on. The one {@code @ControllerAdvice} turns it into an RFC 9457
 * ProblemDetail with this status, title and detail; {@link #fieldErrors()} name the offending
 * request fields (JSON property paths) so that a client can show them beside its inputs.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final Map<String, String> fieldErrors;

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public ApiException(
      HttpStatus status, String title, String detail, Map<String, String> fieldErrors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fieldErrors = Map.copyOf(fieldErrors);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }

  /** 400 for one field: {@code field} is the JSON path of the value that was wrong. */
  public static ApiException invalidField(String field, String message) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message, Map.of(field, message));
  }

  /** 400 naming every offending field. */
  public static ApiException invalidFields(Map<String, String> fieldErrors) {
    StringBuilder detail = new StringBuilder();
    fieldErrors.forEach(
        (f, m) -> detail.append(detail.isEmpty() ? "" : "; ").append(f).append(": ").append(m));
    return new ApiException(
        HttpStatus.BAD_REQUEST, "Invalid request", detail.toString(), fieldErrors);
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "Not found", what + " '" + id + "' does not exist");
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
  }
}

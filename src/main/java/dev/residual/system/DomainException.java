package dev.residual.system;

import java.util.Map;

/**
 * A failure the caller can act on, raised by domain code. It carries a title, a detail and the
 * offending request fields, and no transport status: {@code ProblemDetailsAdvice} maps each kind to
 * an HTTP status ({@link ProblemStatus}) and an RFC 9457 ProblemDetail.
 */
public abstract class DomainException extends RuntimeException {

  private final String title;
  private final Map<String, String> fieldErrors;

  protected DomainException(String title, String detail) {
    this(title, detail, Map.of());
  }

  protected DomainException(String title, String detail, Map<String, String> fieldErrors) {
    super(detail);
    this.title = title;
    this.fieldErrors = Map.copyOf(fieldErrors);
  }

  public String title() {
    return title;
  }

  /** The offending request fields (JSON property paths) and what is wrong with each. */
  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }
}

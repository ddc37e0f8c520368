package dev.residual.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * The one place where errors become RFC 9457 {@link ProblemDetail}s: domain exceptions get the
 * status {@link ProblemStatus} gives their kind. Bad input is a 4xx that names the offending fields
 * under {@code errors}; nothing the client sent ever turns into a 500. A database that is away is a
 * 503 with {@code Retry-After}: the request may well succeed later.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  static final String ERRORS = "errors";

  @ExceptionHandler(DomainException.class)
  ResponseEntity<ProblemDetail> handleDomain(DomainException ex) {
    HttpStatus status = ProblemStatus.of(ex);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
    problem.setTitle(ex.title());
    if (!ex.fieldErrors().isEmpty()) {
      problem.setProperty(ERRORS, fieldErrors(ex.fieldErrors()));
    }
    HttpHeaders headers = new HttpHeaders();
    if (ex instanceof ServiceBusyException busy) {
      headers.set(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
    }
    return ResponseEntity.status(status).headers(headers).body(problem);
  }

  /**
   * The database is down, unreachable, out of connections (the pool timed out) or failing over.
   * Logged without a stack trace: during an outage every request would print one.
   */
  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    RecoverableDataAccessException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> handleDatabaseUnavailable(
      NestedRuntimeException ex, WebRequest request) {
    log.warn(
        "Database unavailable for {}: {}",
        request.getDescription(false),
        ex.getMostSpecificCause().toString());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The service cannot reach its database right now; try again in "
                + DatabaseErrors.RETRY_AFTER_SECONDS
                + " seconds");
    problem.setTitle("Database unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseErrors.RETRY_AFTER_SECONDS))
        .body(problem);
  }

  /**
   * An I/O failure the code did not turn into a domain error: a full disk is a 507 (nothing of the
   * request was kept, and the client may try again once space is freed), anything else a 500. The
   * detail never carries a server path. A client that went away gets no answer at all.
   */
  @ExceptionHandler({IOException.class, UncheckedIOException.class})
  ResponseEntity<ProblemDetail> handleIo(Exception ex, WebRequest request) {
    if (ex instanceof AsyncRequestNotUsableException
        || ex.getClass().getSimpleName().equals("ClientAbortException")) {
      log.debug("Client went away during {}: {}", request.getDescription(false), ex.toString());
      return null;
    }
    if (ServerErrors.isDiskFull(ex)) {
      log.error("Disk full during {}: {}", request.getDescription(false), ex.toString());
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.INSUFFICIENT_STORAGE,
              "The service's disk is full; nothing of this request was kept. Free space (delete"
                  + " datasets or checkpoints) and try again");
      problem.setTitle("Insufficient storage");
      return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE).body(problem);
    }
    log.error("I/O failure during {}", request.getDescription(false), ex);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "The service failed to read or write its files: " + ServerErrors.describe(ex));
    problem.setTitle("Internal server error");
    return ResponseEntity.internalServerError().body(problem);
  }

  /** A row that collides with another (a name taken meanwhile): 409, without the SQL. */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> handleIntegrity(
      DataIntegrityViolationException ex, WebRequest request) {
    log.info(
        "Integrity violation during {}: {}",
        request.getDescription(false),
        ex.getMostSpecificCause().toString());
    return handleDomain(
        new ConflictException(
            "The request conflicts with what the service holds (a name or id already in use, or"
                + " a reference to something deleted meanwhile)"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
    return handleDomain(InvalidRequestException.field(ex.getName(), "is not a valid value"));
  }

  /**
   * A multipart body the container cannot parse (no closing boundary, a broken part header). Too
   * large a part is {@code MaxUploadSizeExceededException}, which the base class answers with 413.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> handleMultipart(MultipartException ex) {
    return handleDomain(
        new InvalidRequestException("Unreadable request body", "The multipart body is malformed"));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Map<String, String> errors = new LinkedHashMap<>();
    for (FieldError error : ex.getBindingResult().getFieldErrors()) {
      errors.merge(
          error.getField(), String.valueOf(error.getDefaultMessage()), (a, b) -> a + "; " + b);
    }
    ex.getBindingResult()
        .getGlobalErrors()
        .forEach(e -> errors.put(e.getObjectName(), String.valueOf(e.getDefaultMessage())));
    return invalid(errors);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Map<String, String> errors = new LinkedHashMap<>();
    ex.getParameterValidationResults()
        .forEach(
            result -> {
              String name = result.getMethodParameter().getParameterName();
              result
                  .getResolvableErrors()
                  .forEach(e -> errors.put(name, String.valueOf(e.getDefaultMessage())));
            });
    return invalid(errors);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = ex.getMostSpecificCause();
    if (cause instanceof DomainException domain) {
      return ResponseEntity.status(ProblemStatus.of(domain)).body(handleDomain(domain).getBody());
    }
    if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
      String field = path(databind.getPath());
      String message =
          cause.getClass().getSimpleName().startsWith("UnrecognizedProperty")
              ? "is not a known field"
              : "has the wrong type or format";
      return invalid(Map.of(field, message));
    }
    String detail =
        ex.getCause() instanceof JacksonException
            ? "The body is not valid JSON"
            : "The body is missing or unreadable";
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Unreadable request body");
    return ResponseEntity.badRequest().body(problem);
  }

  private static ResponseEntity<Object> invalid(Map<String, String> errors) {
    DomainException invalid = InvalidRequestException.fields(errors);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
    problem.setTitle(invalid.title());
    problem.setProperty(ERRORS, fieldErrors(errors));
    return ResponseEntity.badRequest().body(problem);
  }

  static List<Map<String, String>> fieldErrors(Map<String, String> errors) {
    List<Map<String, String>> list = new ArrayList<>();
    errors.forEach((field, message) -> list.add(Map.of("field", field, "message", message)));
    return list;
  }

  /** Renders Jackson's reference chain as {@code architecture.blocks[2]}. */
  static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : references) {
      if (ref.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && problem.getType() == null) {
      problem.setType(URI.create("about:blank"));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }
}

package dev.residual.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Spring Security's refusals as RFC 9457 problems: the entry point (401), the access-denied handler
 * (403) and the firewall's rejections (400, or 421 for a host name the service does not answer to).
 * Each goes through the application's exception resolver, so it is the same problem detail as every
 * other error, negotiated the same way.
 */
final class ProblemResponses
    implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
  private static final String REALM = "Bearer realm=\"residual\"";

  private final HandlerExceptionResolver errors;
  private final HostCheck hosts;

  ProblemResponses(HandlerExceptionResolver errors, HostCheck hosts) {
    this.errors = errors;
    this.hosts = hosts;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    boolean invalid = failure instanceof BadCredentialsException;
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE, invalid ? REALM + ", error=\"invalid_token\"" : REALM);
    write(
        request,
        response,
        ProblemResponses.problem(
            HttpStatus.UNAUTHORIZED,
            "Unauthorized",
            invalid
                ? "The bearer token is not valid"
                : "This endpoint needs an 'Authorization: Bearer <token>' header"));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    String roles =
        caller == null
            ? "none"
            : caller.getAuthorities().stream()
                .map(a -> a.getAuthority().replaceFirst("^ROLE_", "").toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    String what = request.getMethod() + " " + request.getRequestURI();
    log.debug("{} ({}) may not {}", caller == null ? "?" : caller.getName(), roles, what);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
    write(
        request,
        response,
        ProblemResponses.problem(
            HttpStatus.FORBIDDEN,
            "Forbidden",
            "A token with role '" + roles + "' may not " + what));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
      throws IOException {
    String host = request.getServerName();
    if (!hosts.test(host)) {
      log.debug("Refused a request for host '{}'", host);
      write(
          request,
          response,
          ProblemResponses.problem(
              HttpStatus.MISDIRECTED_REQUEST,
              "Misdirected request",
              "This service does not answer to the host name in the request; configure"
                  + " residual.security.allowed-hosts to add it"));
      return;
    }
    log.debug("Firewall refused {}: {}", request.getMethod(), rejected.getMessage());
    write(
        request,
        response,
        ProblemResponses.problem(
            HttpStatus.BAD_REQUEST,
            "Bad request",
            "The request path or a header is not allowed (encoded slashes or dots, '..', ';',"
                + " control characters)"));
  }

  /** Writes {@code error} as the application's problem detail. */
  void write(HttpServletRequest request, HttpServletResponse response, ErrorResponseException error)
      throws IOException {
    if (errors.resolveException(request, response, null, error) == null) {
      response.sendError(error.getStatusCode().value(), error.getBody().getDetail());
    }
  }

  /** A refusal of the web layer's own, answered like every other problem. */
  static ErrorResponseException problem(HttpStatus status, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    return new ErrorResponseException(status, body, null);
  }
}

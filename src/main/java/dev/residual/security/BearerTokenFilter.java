package dev.residual.security;

import dev.residual.security.TokenRegistry.Caller;
import dev.residual.system.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Demands a bearer token with a fitting role before a request reaches any controller. Rejections go
 * through the application's exception resolver, so a 401 or 403 is the same RFC 9457 problem detail
 * as every other error, negotiated the same way.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
  private static final String REALM = "Bearer realm=\"residual\"";
  private static final String SCHEME = "bearer ";

  private final TokenRegistry tokens;
  private final HandlerExceptionResolver errors;

  BearerTokenFilter(TokenRegistry tokens, HandlerExceptionResolver errors) {
    this.tokens = tokens;
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String method = request.getMethod();
    String path = pathOf(request);
    if (AccessPolicy.isOpen(method, path, rawPathOf(request))) {
      chain.doFilter(request, response);
      return;
    }
    String presented = bearerToken(request);
    if (presented == null) {
      reject(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          REALM,
          "This endpoint needs an 'Authorization: Bearer <token>' header");
      return;
    }
    Optional<Caller> caller = tokens.authenticate(presented);
    if (caller.isEmpty()) {
      reject(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          REALM + ", error=\"invalid_token\"",
          "The bearer token is not valid");
      return;
    }
    Role role = caller.get().role();
    if (!AccessPolicy.allows(role, method, path)) {
      log.debug("{} ({}) may not {} {}", caller.get().name(), role, method, path);
      reject(
          request,
          response,
          HttpStatus.FORBIDDEN,
          REALM + ", error=\"insufficient_scope\"",
          "A token with role '"
              + role.name().toLowerCase(Locale.ROOT)
              + "' may not "
              + method
              + " "
              + path);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The decoded, normalised path the container resolved, without the context path. */
  static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return request.getServletPath() + (info == null ? "" : info);
  }

  private static String rawPathOf(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = header.substring(SCHEME.length()).strip();
    return token.isEmpty() ? null : token;
  }

  private void reject(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String challenge,
      String detail)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    String title = status == HttpStatus.UNAUTHORIZED ? "Unauthorized" : "Forbidden";
    ApiException error = new ApiException(status, title, detail);
    if (errors.resolveException(request, response, null, error) == null) {
      response.sendError(status.value(), detail);
    }
  }
}

package dev.residual.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request (anything but GET, HEAD, OPTIONS and TRACE) that a browser sent
 * from a page of another origin. A web page can send "simple" cross-origin POSTs without any
 * preflight; on a loopback service without tokens nothing else would stop it from cancelling a job
 * or uploading a dataset. Clients that are not browsers send no {@code Origin} and pass.
 */
final class OriginCheck extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final List<String> allowedOrigins;
  private final ProblemResponses problems;

  OriginCheck(List<String> allowedOrigins, ProblemResponses problems) {
    this.allowedOrigins =
        allowedOrigins.stream().map(o -> normalise(o.strip())).filter(o -> o != null).toList();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || SAFE.contains(request.getMethod()) || isAllowed(origin, request)) {
      chain.doFilter(request, response);
      return;
    }
    log.debug("Refused {} {} from origin {}", request.getMethod(), request.getRequestURI(), origin);
    problems.write(
        request,
        response,
        ProblemResponses.problem(
            HttpStatus.FORBIDDEN,
            "Forbidden",
            "A state-changing request from another origin is refused: the page that sent it is"
                + " not this service's (add it to residual.security.allowed-origins to allow it)"));
  }

  private boolean isAllowed(String origin, HttpServletRequest request) {
    String normalised = normalise(origin.strip());
    if (normalised == null) {
      return false;
    }
    String own =
        normalise(
            request.getScheme() + "://" + hostForUri(request) + ":" + request.getServerPort());
    return normalised.equals(own) || allowedOrigins.contains(normalised);
  }

  private static String hostForUri(HttpServletRequest request) {
    String host = request.getServerName();
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** scheme://host:port in lower case with the default port made explicit; null if not a URL. */
  static String normalise(String origin) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null
          || host == null
          || uri.getRawPath() != null && uri.getRawPath().length() > 1) {
        return null;
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    } catch (Exception e) {
      return null;
    }
  }
}

package dev.residual.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests need a token, and which role may make them, as one Spring Security authorization
 * manager. The firewall in front has already refused {@code ..}, {@code ;} parameters and encoded
 * slashes or dots, so that one endpoint cannot be dressed up as another.
 *
 * <ul>
 *   <li>Open to all: plain reads of the health probes, the Prometheus scrape, the API documentation
 *       and the dashboard's static files (the dashboard then calls the API with a token).
 *   <li>{@code admin}: everything.
 *   <li>{@code trainer}: everything on datasets, training jobs, LR-finder jobs, checkpoints (their
 *       evaluations included), models and architectures, and every read under {@code /api/}.
 *   <li>{@code predictor}: every read under {@code /api/} and the prediction endpoints.
 * </ul>
 *
 * Anything else, such as {@code /actuator/metrics} or an API path this policy does not know, is for
 * admins only: a new endpoint is closed until someone decides who may use it.
 */
final class AccessPolicy {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private static final String[] OPEN =
      "/actuator/health /actuator/health/** /actuator/prometheus /v3/api-docs /v3/api-docs.yaml"
          .concat(" /v3/api-docs/** /swagger-ui.html /swagger-ui/** /webjars/** / /index.html")
          .concat(" /favicon.ico /dashboard/**")
          .split(" ");

  private static final String[] TRAINER_PATHS = {
    "/api/v1/datasets/**",
    "/api/v1/training-jobs/**",
    "/api/v1/lr-finder/**",
    "/api/v1/checkpoints/**",
    "/api/v1/models/**",
    "/api/v1/architectures/**",
    "/api/v1/experiments/**"
  };

  private static final String[] PREDICTIONS = {
    "/api/v1/models/{name}/predictions",
    "/api/v1/models/{name}/versions/{version}/predictions",
    "/api/v1/checkpoints/{id}/predictions"
  };

  private AccessPolicy() {}

  /** Every request passes: the service has no tokens and listens on loopback only. */
  static AuthorizationManager<HttpServletRequest> openToAll() {
    return RequestMatcherDelegatingAuthorizationManager.builder().anyRequest().permitAll().build();
  }

  static AuthorizationManager<HttpServletRequest> forTokens() {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    AuthorizationManager<RequestAuthorizationContext> anyRole =
        AuthorityAuthorizationManager.hasAnyRole(names(Role.values()));
    return RequestMatcherDelegatingAuthorizationManager.builder()
        .add(
            request ->
                READS.contains(request.getMethod())
                    && askedForPlainly(request)
                    && any(paths, null, OPEN).matches(request),
            SingleResultAuthorizationManager.permitAll())
        .add(
            request ->
                READS.contains(request.getMethod())
                    && paths.matcher("/api/**").matches(request)
                    && !paths.matcher("/api").matches(request),
            anyRole)
        .add(any(paths, HttpMethod.POST, PREDICTIONS), anyRole)
        .add(
            any(paths, null, TRAINER_PATHS),
            AuthorityAuthorizationManager.hasAnyRole(names(Role.ADMIN, Role.TRAINER)))
        .add(request -> true, AuthorityAuthorizationManager.hasRole(Role.ADMIN.name()))
        .build();
  }

  /**
   * An open endpoint must be asked for plainly: the path as sent is the path the container
   * resolved, so nothing becomes a probe only after decoding.
   */
  static boolean askedForPlainly(HttpServletRequest request) {
    String info = request.getPathInfo();
    String resolved = request.getServletPath() + (info == null ? "" : info);
    String sent = request.getRequestURI().substring(request.getContextPath().length());
    return resolved.equals(sent);
  }

  private static RequestMatcher any(
      PathPatternRequestMatcher.Builder paths, HttpMethod method, String... patterns) {
    RequestMatcher[] matchers = new RequestMatcher[patterns.length];
    for (int i = 0; i < patterns.length; i++) {
      matchers[i] = paths.matcher(method, patterns[i]);
    }
    return new OrRequestMatcher(matchers);
  }

  private static String[] names(Role... roles) {
    String[] names = new String[roles.length];
    for (int i = 0; i < roles.length; i++) {
      names[i] = roles[i].name();
    }
    return names;
  }
}

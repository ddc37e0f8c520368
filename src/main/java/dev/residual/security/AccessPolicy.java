package dev.residual.security;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which requests need a token, and which role may make them. Paths are the container's decoded and
 * normalised ones, so that {@code ..}, {@code ;} parameters or percent-encoding cannot dress one
 * endpoint up as another.
 *
 * <ul>
 *   <li>Open to all: reads of the health probes, the Prometheus scrape, the API documentation and
 *       the dashboard's static files (the dashboard then calls the API with a token).
 *   <li>{@code admin}: everything.
 *   <li>{@code trainer}: everything on datasets, training jobs, LR-finder jobs, checkpoints (their
 *       evaluations included), models, architectures and experiments, and every read under {@code
 *       /api/}.
 *   <li>{@code predictor}: every read under {@code /api/} and the prediction endpoints.
 * </ul>
 *
 * Anything else, such as {@code /actuator/metrics} or an API path this policy does not know, is for
 * admins only: a new endpoint is closed until someone decides who may use it.
 */
final class AccessPolicy {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private static final Set<String> OPEN_PATHS =
      Set.of(
          "/actuator/health",
          "/actuator/prometheus",
          "/v3/api-docs",
          "/v3/api-docs.yaml",
          "/swagger-ui.html",
          "/",
          "/index.html",
          "/favicon.ico");

  private static final List<String> OPEN_PREFIXES =
      List.of("/actuator/health/", "/v3/api-docs/", "/swagger-ui/", "/dashboard/", "/webjars/");

  private static final List<String> TRAINER_PREFIXES =
      List.of(
          "/api/v1/datasets",
          "/api/v1/training-jobs",
          "/api/v1/lr-finder",
          "/api/v1/checkpoints",
          "/api/v1/models",
          "/api/v1/architectures",
          "/api/v1/experiments");

  private static final Pattern PREDICTIONS =
      Pattern.compile("/api/v1/(models/[^/]+(/versions/[^/]+)?|checkpoints/[^/]+)/predictions");

  private AccessPolicy() {}

  /**
   * True when no token is needed. {@code rawPath} is the request URI as sent (without the context
   * path): an open endpoint must be asked for plainly, so a path that only becomes a probe after
   * decoding or normalisation still needs a token.
   */
  static boolean isOpen(String method, String path, String rawPath) {
    if (!READS.contains(method) || !path.equals(rawPath)) {
      return false;
    }
    return OPEN_PATHS.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
  }

  static boolean allows(Role role, String method, String path) {
    boolean api = path.startsWith("/api/");
    return switch (role) {
      case ADMIN -> true;
      case TRAINER -> api && (READS.contains(method) || underAny(path, TRAINER_PREFIXES));
      case PREDICTOR ->
          api
              && (READS.contains(method)
                  || "POST".equals(method) && PREDICTIONS.matcher(path).matches());
    };
  }

  private static boolean underAny(String path, List<String> prefixes) {
    return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }
}

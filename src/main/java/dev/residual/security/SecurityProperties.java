package dev.residual.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API tokens and browser-facing checks ({@code residual.security.*}).
 *
 * @param tokens the accepted bearer tokens; none means no authentication, which is only allowed on
 *     loopback or with {@code allowUnauthenticated}
 * @param allowUnauthenticated listen on a non-loopback address without tokens, for a deployment
 *     that puts its own authenticating proxy in front; off by default so that forgetting the tokens
 *     stops start-up instead of opening the API
 * @param allowedHosts host names the service answers to besides loopback names and IP addresses
 *     ({@code api.example.com}, {@code *.example.com}, or {@code *} for any); checked always when
 *     there are no tokens, and with tokens once any is configured
 * @param allowedOrigins origins besides the service's own ({@code https://tools.example.com}) whose
 *     pages may send state-changing requests
 */
@ConfigurationProperties("residual.security")
record SecurityProperties(
    @DefaultValue List<ApiToken> tokens,
    @DefaultValue("false") boolean allowUnauthenticated,
    @DefaultValue List<String> allowedHosts,
    @DefaultValue List<String> allowedOrigins) {

  @ConstructorBinding
  SecurityProperties {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  SecurityProperties(List<ApiToken> tokens, boolean allowUnauthenticated) {
    this(tokens, allowUnauthenticated, List.of(), List.of());
  }

  /**
   * One accepted token. Give either the token itself or the hex SHA-256 of it, so that the
   * configuration (a Kubernetes Secret, say) need not hold the token in the clear.
   *
   * @param name who holds the token, for logs
   * @param token the token itself (at least 16 characters)
   * @param sha256 the lower- or upper-case hex SHA-256 of the token's UTF-8 bytes
   * @param role what the token may do
   */
  record ApiToken(String name, String token, String sha256, Role role) {}
}

package dev.residual.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Bearer tokens in Spring Security's terms: a converter reads {@code Authorization: Bearer <token>}
 * into an unauthenticated {@link Presented} token, and the provider looks it up in the {@link
 * TokenRegistry} (constant-time) and answers the caller with its role as authority.
 */
final class BearerTokens implements AuthenticationProvider, AuthenticationConverter {

  private static final String SCHEME = "bearer ";

  private final TokenRegistry tokens;

  BearerTokens(TokenRegistry tokens) {
    this.tokens = tokens;
  }

  /** A token as presented, not yet checked. */
  static final class Presented extends AbstractAuthenticationToken {
    private final String token;

    Presented(String token) {
      super(List.of());
      this.token = token;
    }

    @Override
    public Object getCredentials() {
      return token;
    }

    @Override
    public Object getPrincipal() {
      return "bearer";
    }
  }

  /** Null when there is no bearer token: the request goes on as anonymous. */
  @Override
  public Authentication convert(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = header.substring(SCHEME.length()).strip();
    return token.isEmpty() ? null : new Presented(token);
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String presented = (String) authentication.getCredentials();
    return tokens
        .authenticate(presented)
        .map(
            caller ->
                UsernamePasswordAuthenticationToken.authenticated(
                    caller.name(), null, List.of(caller.role().authority())))
        .orElseThrow(() -> new BadCredentialsException("The bearer token is not valid"));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return Presented.class.isAssignableFrom(authentication);
  }
}

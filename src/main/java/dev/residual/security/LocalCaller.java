package dev.residual.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With no tokens configured, every request that passed the host and origin checks comes from the
 * local operator: it is authenticated as such, so that what is shown to authenticated callers only
 * (health details) is shown on a loopback service as it is to an admin token elsewhere.
 */
final class LocalCaller extends OncePerRequestFilter {

  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();
  private final Authentication caller;

  LocalCaller(Authentication caller) {
    this.caller = caller;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(caller);
    contexts.setContext(context);
    chain.doFilter(request, response);
  }
}

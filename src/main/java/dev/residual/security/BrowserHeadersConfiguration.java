package dev.residual.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The response headers a browser needs for the dashboard served at {@code /}: a Content Security
 * Policy that allows scripts, styles, images and connections from this origin only (no inline
 * script, nothing from elsewhere), and {@code X-Content-Type-Options: nosniff}. They go on every
 * response, 401 and 403 included, so they run before the token check. Swagger UI's bundle adds a
 * {@code <style>} element of its own, so its pages also allow inline styles (never scripts).
 */
@Configuration(proxyBeanMethods = false)
class BrowserHeadersConfiguration {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  static final String SWAGGER_UI_POLICY =
      CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

  @Bean
  FilterRegistrationBean<BrowserHeadersFilter> browserHeadersFilter() {
    FilterRegistrationBean<BrowserHeadersFilter> registration =
        new FilterRegistrationBean<>(new BrowserHeadersFilter());
    registration.setOrder(SecurityConfiguration.FILTER_ORDER - 10);
    return registration;
  }

  /** Sets the headers before anything else can answer. */
  static final class BrowserHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      boolean swaggerUi = request.getRequestURI().startsWith(request.getContextPath() + "/swagger-ui/");
      response.setHeader(
          "Content-Security-Policy", swaggerUi ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
      response.setHeader("X-Content-Type-Options", "nosniff");
      chain.doFilter(request, response);
    }
  }
}

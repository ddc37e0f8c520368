package dev.residual.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The Content Security Policy of the dashboard served at {@code /}, written by Spring Security's
 * header filter on every response it handles, 401 and 403 included: scripts, styles, images and
 * connections from this origin only (no inline script, nothing from elsewhere; {@code blob:} images
 * are the playground's previews of dropped files). Swagger UI's bundle adds a {@code <style>}
 * element of its own, so its pages also allow inline styles, never scripts. {@code
 * X-Content-Type-Options: nosniff} and {@code X-Frame-Options: DENY} are Spring Security's own
 * defaults.
 */
final class BrowserHeaders implements HeaderWriter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  static final String SWAGGER_UI_POLICY =
      CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

  @Override
  public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
    boolean swaggerUi =
        request.getRequestURI().startsWith(request.getContextPath() + "/swagger-ui/");
    response.setHeader(
        "Content-Security-Policy", swaggerUi ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
  }
}

package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BrowserHeadersTest {

  @Test
  void everyResponseGetsAPolicyOfThisOriginOnly() {
    MockHttpServletResponse response = new MockHttpServletResponse();

    new BrowserHeaders()
        .writeHeaders(new MockHttpServletRequest("GET", "/api/v1/models"), response);

    String policy = response.getHeader("Content-Security-Policy");
    assertThat(policy)
        .contains(
            "default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
  }

  @Test
  void swaggerUiMayAddInlineStylesButNoScript() {
    MockHttpServletResponse response = new MockHttpServletResponse();

    new BrowserHeaders()
        .writeHeaders(new MockHttpServletRequest("GET", "/swagger-ui/index.html"), response);

    assertThat(response.getHeader("Content-Security-Policy"))
        .contains("style-src 'self' 'unsafe-inline'", "script-src 'self';")
        .doesNotContain("unsafe-eval", "http:", "https:");
  }
}

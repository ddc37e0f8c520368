package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BrowserHeadersTest {

  @Test
  void everyResponseGetsAPolicyOfThisOriginOnlyAndNosniff() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain =
        new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
          @Override
          protected void service(
              jakarta.servlet.http.HttpServletRequest request,
              jakarta.servlet.http.HttpServletResponse answer) {
            answer.setStatus(401);
          }
        });

    new BrowserHeadersConfiguration.BrowserHeadersFilter()
        .doFilter(new MockHttpServletRequest("GET", "/api/v1/models"), response, chain);

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    String policy = response.getHeader("Content-Security-Policy");
    assertThat(policy)
        .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
  }

  @Test
  void swaggerUiMayAddInlineStylesButNoScript() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    new BrowserHeadersConfiguration.BrowserHeadersFilter()
        .doFilter(new MockHttpServletRequest("GET", "/swagger-ui/index.html"), response, new MockFilterChain());

    assertThat(response.getHeader("Content-Security-Policy"))
        .contains("style-src 'self' 'unsafe-inline'", "script-src 'self';")
        .doesNotContain("unsafe-eval", "http:", "https:");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}

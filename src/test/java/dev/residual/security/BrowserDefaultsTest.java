package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback service without tokens against what a web page in the user's browser can do: a
 * cross-origin "simple" POST is refused before it reaches a controller, a DNS-rebound host name is
 * refused, and every response carries the headers that keep the dashboard's pages to this origin.
 */
@ResidualIntegrationTest
class BrowserDefaultsTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SUMMARY =
      "{\"architecture\": \"resnet18\", \"inputShape\": [1, 28, 28], \"numClasses\": 10}";

  @LocalServerPort int port;

  @Test
  void aStateChangingRequestFromAnotherOriginIsRefused() throws Exception {
    String cancel = "/api/v1/training-jobs/" + UUID.randomUUID() + "/cancel";
    for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:1"}) {
      HttpResponse<String> refused = post(cancel, "", origin);
      assertThat(refused.statusCode()).as(origin).isEqualTo(403);
      assertProblem(refused, 403).contains("another origin");
      HttpResponse<String> upload =
          http()
              .send(
                  HttpRequest.newBuilder(http().uri("/api/v1/datasets/uploads?name=evil"))
                      .header("Origin", origin)
                      .header("Content-Type", "text/plain")
                      .POST(HttpRequest.BodyPublishers.ofString("x"))
                      .build());
      assertThat(upload.statusCode()).as(origin).isEqualTo(403);
    }
    assertThat(http().get("/api/v1/datasets").body()).doesNotContain("evil");
    assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void theServicesOwnPagesAndClientsWithoutAnOriginGetThrough() throws Exception {
    String own = "http://127.0.0.1:" + port;
    assertThat(post("/api/v1/architectures/summary", SUMMARY, own).statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/architectures/summary", SUMMARY, null).statusCode()).isEqualTo(200);
    String cancel = "/api/v1/training-jobs/" + UUID.randomUUID() + "/cancel";
    assertThat(post(cancel, "", own).statusCode()).isEqualTo(404);
    HttpResponse<String> read =
        http()
            .send(
                HttpRequest.newBuilder(http().uri("/api/v1/datasets"))
                    .header("Origin", "http://evil.example")
                    .GET()
                    .build());
    assertThat(read.statusCode()).isEqualTo(200);
  }

  @Test
  void aHostNameTheServiceWasNotToldAboutIsMisdirected() throws Exception {
    String rebound = raw("GET /api/v1/datasets HTTP/1.1\r\nHost: evil.example:" + port + "\r\n");
    assertThat(rebound).startsWith("HTTP/1.1 421");
    assertThat(rebound).contains("application/problem+json").contains("allowed-hosts");
    for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
      assertThat(raw("GET /api/v1/datasets HTTP/1.1\r\nHost: " + host + "\r\n"))
          .as(host)
          .startsWith("HTTP/1.1 200");
    }
    assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void pagesAndResponsesCarryTheBrowserHeaders() {
    for (String path : new String[] {"/", "/swagger-ui/index.html", "/api/v1/datasets"}) {
      HttpResponse<String> response = http().get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'self'")
                      .contains("script-src 'self';")
                      .contains("frame-ancestors 'none'")
                      .doesNotContain("script-src 'self' 'unsafe-inline'")
                      .doesNotContain("http"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void withoutTokensTheLocalCallerSeesHealthDetails() {
    JsonNode health = JSON.readTree(http().get("/actuator/health").body());
    assertThat(health.has("components")).isTrue();
  }

  private HttpResponse<String> post(String path, String body, String origin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http().uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http().send(request.build());
  }

  /** One request on a raw socket: the JDK's client will not send a Host header of our choosing. */
  private String raw(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(
      HttpResponse<String> response, int status) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return assertThat(problem.get("detail").asString());
  }

  private Http http() {
    return new Http(port);
  }
}

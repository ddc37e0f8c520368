package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service with three tokens, one per role, against one request of every endpoint group: no
 * token or a wrong one is a 401 problem with a Bearer challenge, the wrong role a 403 problem, the
 * right role gets through to the controller (whatever it then answers, it is neither 401 nor 403).
 * Probes, the Prometheus scrape and the API documentation stay open.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0",
      "residual.security.tokens[0].name=ops",
      "residual.security.tokens[0].token=" + TokenSecurityTest.ADMIN,
      "residual.security.tokens[0].role=admin",
      "residual.security.tokens[1].name=ci",
      "residual.security.tokens[1].sha256=" + TokenSecurityTest.TRAINER_SHA256,
      "residual.security.tokens[1].role=trainer",
      "residual.security.tokens[2].name=web",
      "residual.security.tokens[2].token=" + TokenSecurityTest.PREDICTOR,
      "residual.security.tokens[2].role=predictor"
    })
class TokenSecurityTest {

  static final String ADMIN = "admin-token-0123456789";
  static final String TRAINER = "trainer-token-0123456789";
  static final String PREDICTOR = "predictor-token-0123456789";

  /** SHA-256 of {@link #TRAINER}: the trainer's token is configured only as its digest. */
  static final String TRAINER_SHA256 =
      "7f4690d4e1a509fec67ca9b59cfd9b270a64d63827e1ff9270833c39a62722c0";

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ID = UUID.randomUUID().toString();
  static final String SUMMARY =
      "{\"architecture\": \"resnet18\", \"inputShape\": [1, 28, 28], \"numClasses\": 10}";

  @LocalServerPort int port;

  /** One request per endpoint group, and which roles may make it. */
  record Call(String group, String method, String path, String body, List<Role> allowed) {
    @Override
    public String toString() {
      return group + ": " + method + " " + path;
    }
  }

  static final List<Role> ALL = List.of(Role.ADMIN, Role.TRAINER, Role.PREDICTOR);
  static final List<Role> WRITERS = List.of(Role.ADMIN, Role.TRAINER);

  static List<Call> calls() {
    return List.of(
        new Call("datasets", "GET", "/api/v1/datasets", null, ALL),
        new Call("datasets", "DELETE", "/api/v1/datasets/no-such-set", null, WRITERS),
        new Call("jobs", "GET", "/api/v1/training-jobs", null, ALL),
        new Call("jobs", "POST", "/api/v1/training-jobs", "{}", WRITERS),
        new Call("jobs", "POST", "/api/v1/training-jobs/" + ID + "/cancel", "", WRITERS),
        new Call("jobs", "DELETE", "/api/v1/training-jobs/" + ID, null, WRITERS),
        new Call("checkpoints", "GET", "/api/v1/checkpoints", null, ALL),
        new Call("checkpoints", "DELETE", "/api/v1/checkpoints/" + ID, null, WRITERS),
        new Call("models", "GET", "/api/v1/architectures", null, ALL),
        new Call("models", "POST", "/api/v1/architectures/summary", SUMMARY, WRITERS),
        new Call("models", "DELETE", "/api/v1/models/no-such-model", null, WRITERS),
        new Call("predictions", "POST", "/api/v1/models/no-such-model/predictions", "{}", ALL),
        new Call("predictions", "POST", "/api/v1/models/m/versions/1/predictions", "{}", ALL),
        new Call("predictions", "POST", "/api/v1/checkpoints/" + ID + "/predictions", "{}", ALL),
        new Call("operations", "GET", "/actuator/metrics", null, List.of(Role.ADMIN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void eachRoleReachesItsEndpointGroupsOnly(Call call) throws Exception {
    for (Map.Entry<Role, String> token : tokens().entrySet()) {
      HttpResponse<String> response = send(call, "Bearer " + token.getValue());
      if (call.allowed().contains(token.getKey())) {
        assertThat(response.statusCode())
            .as("%s for %s: %s", call, token.getKey(), response.body())
            .isNotIn(401, 403)
            .isLessThan(500);
      } else {
        assertThat(response.statusCode()).as("%s for %s", call, token.getKey()).isEqualTo(403);
        assertProblem(response, 403, "Forbidden");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void noTokenOrAWrongOneIsUnauthorized(Call call) throws Exception {
    for (String header :
        new String[] {null, "Bearer not-a-token-0123456789", "Basic b3BzOnNlY3JldA==", "Bearer "}) {
      HttpResponse<String> response = send(call, header);
      assertThat(response.statusCode()).as("%s with %s", call, header).isEqualTo(401);
      assertProblem(response, 401, "Unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"residual\""));
    }
  }

  @Test
  void aWrongTokenIsNamedInvalidInTheChallenge() throws Exception {
    HttpResponse<String> response =
        send(new Call("jobs", "GET", "/api/v1/training-jobs", null, ALL), "Bearer " + ADMIN + "x");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"residual\", error=\"invalid_token\"");
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void anEventStreamClientGetsTheProblemToo() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(http().uri("/api/v1/training-jobs/" + ID + "/events"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<String> response =
        http().client().send(request, HttpResponse.BodyHandlers.ofString());
    assertProblem(response, 401, "Unauthorized");
  }

  @Test
  void probesMetricsScrapeAndDocsStayOpen() throws Exception {
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/health/liveness",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/v3/api-docs")) {
      assertThat(http().get(path).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(http().get("/swagger-ui.html").statusCode()).isIn(200, 302);
  }

  @Test
  void healthDetailsAreForTokenHoldersOnly() throws Exception {
    JsonNode open = JSON.readTree(http().get("/actuator/health").body());
    assertThat(open.get("status").asString()).isEqualTo("UP");
    assertThat(open.has("components")).as(open.toString()).isFalse();
    HttpResponse<String> authorized =
        send(new Call("health", "GET", "/actuator/health", null, ALL), "Bearer " + PREDICTOR);
    assertThat(JSON.readTree(authorized.body()).has("components")).isTrue();
  }

  @Test
  void theContractDocumentsTheBearerToken() {
    JsonNode docs = JSON.readTree(http().get("/v3/api-docs").body());
    JsonNode scheme = docs.at("/components/securitySchemes/bearerToken");
    assertThat(scheme.get("type").asString()).isEqualTo("http");
    assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
    assertThat(docs.at("/security/0/bearerToken").isArray()).isTrue();
  }

  @Test
  void aProbePathCannotBeBentIntoTheApi() throws Exception {
    for (String path :
        List.of(
            "/actuator/health/../../api/v1/training-jobs",
            "/actuator/health/..;/..;/api/v1/training-jobs",
            "/actuator/health/%2e%2e/%2e%2e/api/v1/training-jobs",
            "/v3/api-docs/..;/../api/v1/training-jobs")) {
      HttpResponse<String> response = send(new Call("bent", "GET", path, null, ALL), null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(400, 401, 404);
    }
  }

  @Test
  void theDigestOfTheTrainerTokenIsWhatTheConfigurationHolds() {
    assertThat(HexFormat.of().formatHex(TokenRegistry.sha256(TRAINER))).isEqualTo(TRAINER_SHA256);
  }

  private Map<Role, String> tokens() {
    return Map.of(Role.ADMIN, ADMIN, Role.TRAINER, TRAINER, Role.PREDICTOR, PREDICTOR);
  }

  private Http http() {
    return new Http(port);
  }

  private HttpResponse<String> send(Call call, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher body =
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(call.body());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http().uri(call.path()))
            .method(call.method(), body)
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http().client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String title) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isEqualTo(title);
    assertThat(problem.get("detail").asString()).isNotBlank();
  }
}

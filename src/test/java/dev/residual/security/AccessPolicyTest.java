package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

class AccessPolicyTest {

  static final AuthorizationManager<jakarta.servlet.http.HttpServletRequest> POLICY =
      AccessPolicy.forTokens();

  @ParameterizedTest(name = "{0} {1}: admin {2}, trainer {3}, predictor {4}")
  @CsvSource({
    "GET,    /api/v1/training-jobs,                          true, true,  true",
    "GET,    /api/v1/training-jobs/42/events,                true, true,  true",
    "HEAD,   /api/v1/checkpoints/7/download,                 true, true,  true",
    "POST,   /api/v1/training-jobs,                          true, true,  false",
    "POST,   /api/v1/training-jobs/42/cancel,                true, true,  false",
    "DELETE, /api/v1/training-jobs/42,                       true, true,  false",
    "POST,   /api/v1/datasets,                               true, true,  false",
    "POST,   /api/v1/datasets/uploads,                       true, true,  false",
    "DELETE, /api/v1/datasets/flowers,                       true, true,  false",
    "DELETE, /api/v1/checkpoints/7,                          true, true,  false",
    "POST,   /api/v1/checkpoints/7/evaluations,              true, true,  false",
    "POST,   /api/v1/lr-finder,                              true, true,  false",
    "POST,   /api/v1/models,                                 true, true,  false",
    "PUT,    /api/v1/models/shoes/versions/2,                true, true,  false",
    "POST,   /api/v1/architectures/summary,                  true, true,  false",
    "POST,   /api/v1/models/shoes/predictions,               true, true,  true",
    "POST,   /api/v1/models/shoes/versions/2/predictions,    true, true,  true",
    "POST,   /api/v1/checkpoints/7/predictions,              true, true,  true",
    "DELETE, /api/v1/models/shoes/predictions,               true, true,  false",
    "POST,   /api/v1/models/shoes/predictions/x,             true, true,  false",
    "POST,   /api/v1/experiments,                            true, true,  false",
    "POST,   /api/v1/experiments/42/cancel,                  true, true,  false",
    "DELETE, /api/v1/experiments/42,                         true, true,  false",
    "GET,    /api/v1/experiments/42/results.csv,             true, true,  true",
    "POST,   /api/v1/datasetsx,                              true, false, false",
    "POST,   /api/v2/anything,                               true, false, false",
    "GET,    /actuator/metrics,                              true, false, false",
    "GET,    /actuator/info,                                 true, false, false",
  })
  void rolesMatchTheirEndpointGroups(
      String method, String path, boolean admin, boolean trainer, boolean predictor) {
    assertThat(allows(Role.ADMIN, method, path)).isEqualTo(admin);
    assertThat(allows(Role.TRAINER, method, path)).isEqualTo(trainer);
    assertThat(allows(Role.PREDICTOR, method, path)).isEqualTo(predictor);
  }

  @ParameterizedTest(name = "{0} {1} (sent as {2}): open {3}")
  @CsvSource({
    "GET,  /actuator/health,            /actuator/health,                 true",
    "GET,  /actuator/health/liveness,   /actuator/health/liveness,        true",
    "GET,  /actuator/health/readiness,  /actuator/health/readiness,       true",
    "GET,  /actuator/prometheus,        /actuator/prometheus,             true",
    "GET,  /v3/api-docs,                /v3/api-docs,                     true",
    "GET,  /swagger-ui.html,            /swagger-ui.html,                 true",
    "GET,  /swagger-ui/index.html,      /swagger-ui/index.html,           true",
    "GET,  /,                           /,                                true",
    "GET,  /index.html,                 /index.html,                      true",
    "GET,  /dashboard/js/main.js,       /dashboard/js/main.js,            true",
    "GET,  /webjars/uplot/dist/uPlot.esm.js, /webjars/uplot/dist/uPlot.esm.js, true",
    "POST, /,                           /,                                false",
    "POST, /dashboard/js/main.js,       /dashboard/js/main.js,            false",
    "GET,  /api/v1/models,              /dashboard/../api/v1/models,      false",
    "GET,  /dashboardx,                 /dashboardx,                      false",
    "POST, /actuator/health,            /actuator/health,                 false",
    "GET,  /actuator/metrics,           /actuator/metrics,                false",
    "GET,  /actuator/healthz,           /actuator/healthz,                false",
    "GET,  /api/v1/training-jobs,       /api/v1/training-jobs,            false",
    "GET,  /api/v1/training-jobs,       /actuator/health/../../api/v1/training-jobs, false",
    "GET,  /actuator/health,            /actuator/health;x=1,             false",
    "GET,  /actuator/health,            /actuator/%68ealth,               false",
  })
  void onlyPlainReadsOfProbesDocsAndDashboardFilesAreOpen(
      String method, String path, String raw, boolean open) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, raw);
    request.setServletPath(path);
    assertThat(POLICY.authorize(() -> ANONYMOUS, request).isGranted()).isEqualTo(open);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,    /webjars/uplot/1.6.32/dist/uPlot.min.js",
    "GET,    /",
    "HEAD,   /actuator/health",
  })
  void staticFilesAndProbesNeedNoToken(String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    assertThat(POLICY.authorize(() -> ANONYMOUS, request).isGranted()).isTrue();
  }

  static final Authentication ANONYMOUS =
      new AnonymousAuthenticationToken(
          "key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

  private static boolean allows(Role role, String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    Authentication caller =
        UsernamePasswordAuthenticationToken.authenticated(
            "caller", null, List.of(role.authority()));
    return POLICY.authorize(() -> caller, request).isGranted();
  }
}

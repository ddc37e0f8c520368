package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static dev.residual.deploy.Manifests.container;
import static dev.residual.deploy.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart with its default values: one API pod that also trains, H2 on the data volume, a
 * generated admin token, and the restrictive pod settings every role shares. Also the values the
 * chart refuses, with the reason.
 */
class HelmChartTest {

  static Manifests manifests;
  static Map<String, Object> api;

  @BeforeAll
  static void render() {
    manifests = Charts.render();
    api = manifests.get("Deployment", "residual-api");
  }

  @Test
  void lintsCleanlyInStrictMode(@TempDir Path dir) {
    LintResult lint = Charts.lint(dir);
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void rendersOneApiPodAndNoTrainerNoAutoscalerNoIngress() {
    assertThat(manifests.names())
        .contains(
            "Deployment/residual-api",
            "Service/residual",
            "PersistentVolumeClaim/residual",
            "ConfigMap/residual",
            "Secret/residual-tokens",
            "PodDisruptionBudget/residual-api",
            "ServiceAccount/residual")
        .doesNotContain(
            "Deployment/residual-trainer", "HorizontalPodAutoscaler/residual-api",
            "Ingress/residual", "Secret/residual-database");
    assertThat((Integer) at(api, "spec.replicas")).isEqualTo(1);
    assertThat((String) at(api, "spec.strategy.type"))
        .as("H2 is one file that one process may open")
        .isEqualTo("Recreate");
    assertThat(env(container(api), "RESIDUAL_TRAINING_WORKERS")).containsEntry("value", "1");
  }

  @Test
  void theSecretChecksumIsSaltedSoItCannotBeCheckedAgainstGuessedPasswords(@TempDir Path dir) {
    String database =
        "database:\n  url: jdbc:postgresql://db:5432/residual\n  username: residual\n"
            + "  password: hunter2\n";
    Path unsalted = Charts.writeValues(dir, database);
    String first = checksum(Charts.render(unsalted));
    assertThat(first).hasSize(64);
    assertThat(checksum(Charts.render(unsalted))).as("a new salt each render").isNotEqualTo(first);
    Path one = Charts.writeValues(dir, database + "checksumSalt: one-kept-across-upgrades\n");
    Path two = Charts.writeValues(dir, database + "checksumSalt: two-kept-across-upgrades\n");
    String stable = checksum(Charts.render(one));
    assertThat(checksum(Charts.render(one))).as("stable with a configured salt").isEqualTo(stable);
    assertThat(checksum(Charts.render(two))).as("the salt enters the hash").isNotEqualTo(stable);
  }

  private static String checksum(Manifests rendered) {
    return at(
        rendered.get("Deployment", "residual-api"),
        "spec.template.metadata.annotations.checksum/secret");
  }

  @Test
  void withoutTokensTheServiceAnswersItsServiceNamesAndIngressHostsOnly(@TempDir Path dir) {
    Path values =
        Charts.writeValues(
            dir, "security:\n  allowUnauthenticated: true\ningress:\n  enabled: true\n");
    Map<String, Object> config = Charts.render(values).get("ConfigMap", "residual");
    assertThat((String) at(config, "data.RESIDUAL_SECURITY_ALLOWED_HOSTS"))
        .isEqualTo(
            "residual,residual.default,residual.default.svc,residual.default.svc.cluster.local,"
                + "residual.local");
    assertThat((Map<String, Object>) at(manifests.get("ConfigMap", "residual"), "data"))
        .as("with tokens no list is needed")
        .doesNotContainKey("RESIDUAL_SECURITY_ALLOWED_HOSTS");
  }

  @Test
  void probesUseTheActuatorGroupsOnTheHttpPort() {
    Map<String, Object> c = container(api);
    assertThat((String) at(c, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat((String) at(c, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat((String) at(c, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat((String) at(c, probe + ".httpGet.port")).isEqualTo("http");
    }
    assertThat((Integer) at(c, "ports[0].containerPort")).isEqualTo(8080);
    assertThat((String) at(c, "ports[0].name")).isEqualTo("http");
    int startupBudget =
        (Integer) at(c, "startupProbe.periodSeconds")
            * (Integer) at(c, "startupProbe.failureThreshold");
    assertThat(startupBudget)
        .as("seconds to load the engine and migrate")
        .isGreaterThanOrEqualTo(120);
    assertThat((Integer) at(c, "readinessProbe.timeoutSeconds"))
        .as("longer than the 5 s Hikari connection timeout a readiness check may wait out")
        .isGreaterThan(5);
    assertThat((List<String>) at(c, "lifecycle.preStop.exec.command"))
        .containsExactly("sleep", "5");
    assertThat((Integer) at(api, "spec.template.spec.terminationGracePeriodSeconds"))
        .as("the preStop pause plus Spring's 60 s shutdown phase")
        .isGreaterThanOrEqualTo(5 + 60);
  }

  @Test
  void requestsAndLimitsResources() {
    Map<String, Object> c = container(api);
    assertThat((String) at(c, "resources.requests.cpu")).isEqualTo("1");
    assertThat((String) at(c, "resources.requests.memory")).isEqualTo("2Gi");
    assertThat((String) at(c, "resources.limits.memory")).isEqualTo("3Gi");
  }

  @Test
  void runsAsNonRootOnAReadOnlyRootWithNoCapabilities() {
    Map<String, Object> pod = at(api, "spec.template.spec");
    assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).isTrue();
    assertThat((Integer) at(pod, "securityContext.runAsUser")).isEqualTo(10001);
    assertThat((String) at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
    assertThat((Boolean) at(pod, "automountServiceAccountToken")).isFalse();
    Map<String, Object> c = container(api);
    assertThat((Boolean) at(c, "securityContext.readOnlyRootFilesystem")).isTrue();
    assertThat((Boolean) at(c, "securityContext.allowPrivilegeEscalation")).isFalse();
    assertThat((List<String>) at(c, "securityContext.capabilities.drop")).containsExactly("ALL");
  }

  @Test
  void mountsTheDataVolumeAndAWritableTmp() {
    Map<String, Object> c = container(api);
    assertThat((List<Map<String, Object>>) at(c, "volumeMounts"))
        .containsExactlyInAnyOrder(
            Map.of("name", "data", "mountPath", "/data"),
            Map.of("name", "tmp", "mountPath", "/tmp"));
    List<Map<String, Object>> volumes = at(api, "spec.template.spec.volumes");
    assertThat((String) at(volumes.get(0), "persistentVolumeClaim.claimName"))
        .isEqualTo("residual");
    assertThat((String) at(volumes.get(1), "emptyDir.sizeLimit")).isEqualTo("2Gi");
    Map<String, Object> pvc = manifests.get("PersistentVolumeClaim", "residual");
    assertThat((List<String>) at(pvc, "spec.accessModes")).containsExactly("ReadWriteOnce");
    assertThat((Map<String, String>) at(pvc, "metadata.annotations"))
        .containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void takesItsSettingsFromTheConfigMapAndAGeneratedTokenFromTheSecret() {
    Map<String, Object> c = container(api);
    assertThat((String) at(c, "envFrom[0].configMapRef.name")).isEqualTo("residual");
    assertThat((String) at(c, "envFrom[1].secretRef.name")).isEqualTo("residual-tokens");
    Map<String, Object> config = manifests.get("ConfigMap", "residual");
    assertThat((Map<String, String>) at(config, "data"))
        .containsEntry("SERVER_ADDRESS", "0.0.0.0")
        .containsEntry("RESIDUAL_DATA_DIR", "/data")
        .doesNotContainKey("SPRING_DATASOURCE_URL");
    Map<String, String> tokens = at(manifests.get("Secret", "residual-tokens"), "stringData");
    assertThat(tokens)
        .containsEntry("RESIDUAL_SECURITY_TOKENS_0_NAME", "generated-admin")
        .containsEntry("RESIDUAL_SECURITY_TOKENS_0_ROLE", "admin");
    assertThat(tokens.get("RESIDUAL_SECURITY_TOKENS_0_TOKEN")).hasSize(40).isAlphanumeric();
  }

  @Test
  void theServiceSelectsTheApiPods() {
    Map<String, Object> service = manifests.get("Service", "residual");
    Map<String, String> podLabels = at(api, "spec.template.metadata.labels");
    assertThat(podLabels).containsAllEntriesOf(at(service, "spec.selector"));
    assertThat((String) at(service, "spec.ports[0].targetPort")).isEqualTo("http");
  }

  @Test
  void refusesSeveralPodsOnTheEmbeddedDatabase(@TempDir Path dir) {
    Path values = Charts.writeValues(dir, "api:\n  replicas: 3\n");
    assertThatThrownBy(() -> Charts.template(values))
        .hasMessageContaining("set database.url to a PostgreSQL JDBC URL");
  }

  @Test
  void refusesSharedPodsOnAReadWriteOnceVolume(@TempDir Path dir) {
    Path values =
        Charts.writeValues(
            dir,
            "trainer:\n  enabled: true\n"
                + "database:\n  url: jdbc:postgresql://db:5432/residual\n  password: secret\n");
    assertThatThrownBy(() -> Charts.template(values)).hasMessageContaining("ReadWriteMany");
  }

  @Test
  void theSchemaRejectsUnknownRolesShortTokensAndTypos(@TempDir Path dir) {
    Path values =
        Charts.writeValues(
            dir,
            "security:\n  tokens:\n    - {name: ops, role: root, token: short}\n"
                + "api:\n  replicas: two\n"
                + "persistance:\n  size: 1Gi\n");
    assertThatThrownBy(() -> Charts.template(values))
        .hasMessageContaining("schema")
        .hasMessageContaining("/security/tokens/0/role")
        .hasMessageContaining("/security/tokens/0/token")
        .hasMessageContaining("/api/replicas")
        .hasMessageContaining("persistance");
  }
}

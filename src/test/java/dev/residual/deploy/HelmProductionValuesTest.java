package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static dev.residual.deploy.Manifests.container;
import static dev.residual.deploy.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart with {@code values-production.yaml}: an autoscaled API tier that does not train,
 * trainer pods on GPU nodes, PostgreSQL and tokens from Secrets the operator manages, an Ingress
 * with TLS and a ReadWriteMany volume.
 */
class HelmProductionValuesTest {

  static Manifests manifests;
  static Map<String, Object> api;
  static Map<String, Object> trainer;

  @BeforeAll
  static void render() {
    manifests = Charts.render(Charts.PRODUCTION);
    api = manifests.get("Deployment", "residual-api");
    trainer = manifests.get("Deployment", "residual-trainer");
  }

  @Test
  void lintsCleanlyInStrictMode(@TempDir Path dir) {
    LintResult lint = Charts.lint(dir, Charts.PRODUCTION);
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void theApiTierScalesOnCpuAndLeavesTrainingToTheTrainers() {
    Map<String, Object> hpa = manifests.get("HorizontalPodAutoscaler", "residual-api");
    assertThat((String) at(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
    assertThat((String) at(hpa, "spec.scaleTargetRef.name")).isEqualTo("residual-api");
    assertThat((Integer) at(hpa, "spec.minReplicas")).isEqualTo(3);
    assertThat((Integer) at(hpa, "spec.maxReplicas")).isEqualTo(12);
    assertThat((String) at(hpa, "spec.metrics[0].resource.name")).isEqualTo("cpu");
    assertThat((Integer) at(hpa, "spec.metrics[0].resource.target.averageUtilization"))
        .isEqualTo(65);
    assertThat((Object) at(api, "spec.replicas")).as("the HPA owns the replica count").isNull();
    assertThat((Integer) at(api, "spec.strategy.rollingUpdate.maxUnavailable")).isZero();

    assertThat(env(container(api), "RESIDUAL_TRAINING_WORKERS")).containsEntry("value", "0");
    assertThat(env(container(trainer), "RESIDUAL_TRAINING_WORKERS")).containsEntry("value", "1");
    assertThat(env(container(api), "OMP_WAIT_POLICY"))
        .as("serving-only pods: OpenMP threads sleep instead of spinning")
        .containsEntry("value", "PASSIVE");
    assertThat((List<Map<String, Object>>) at(container(trainer), "env"))
        .as("training keeps OpenMP's spin-waiting")
        .noneMatch(e -> "OMP_WAIT_POLICY".equals(e.get("name")));
  }

  @Test
  void trainersRunTheCudaImageOnGpuNodes() {
    Map<String, Object> c = container(trainer);
    assertThat((String) at(c, "image")).isEqualTo("registry.example.com/residual-cuda:0.1.0");
    assertThat((String) at(container(api), "image"))
        .isEqualTo("registry.example.com/residual:0.1.0");
    Map<String, Object> limits = at(c, "resources.limits");
    assertThat(limits).containsEntry("nvidia.com/gpu", 1).containsEntry("memory", "16Gi");
    assertThat((String) at(c, "resources.requests.cpu")).isEqualTo("4");
    assertThat((Map<String, String>) at(trainer, "spec.template.spec.nodeSelector"))
        .containsEntry("residual.dev/pool", "gpu");
    assertThat((String) at(trainer, "spec.template.spec.tolerations[0].key"))
        .isEqualTo("nvidia.com/gpu");
    assertThat((Integer) at(trainer, "spec.template.spec.terminationGracePeriodSeconds"))
        .isEqualTo(120);
    assertThat((Integer) at(trainer, "spec.strategy.rollingUpdate.maxSurge"))
        .as("no extra GPU needed to roll")
        .isZero();
  }

  @Test
  void bothRolesReadDatabaseCredentialsAndTokensFromTheOperatorsSecrets() {
    assertThat(manifests.names())
        .doesNotContain("Secret/residual-database", "Secret/residual-tokens");
    for (Map<String, Object> deployment : List.of(api, trainer)) {
      Map<String, Object> c = container(deployment);
      assertThat((String) at(env(c, "SPRING_DATASOURCE_USERNAME"), "valueFrom.secretKeyRef.name"))
          .isEqualTo("residual-database");
      assertThat((String) at(env(c, "SPRING_DATASOURCE_USERNAME"), "valueFrom.secretKeyRef.key"))
          .isEqualTo("username");
      assertThat((String) at(env(c, "SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef.key"))
          .isEqualTo("password");
      assertThat((String) at(c, "envFrom[1].secretRef.name")).isEqualTo("residual-tokens");
      assertThat((Boolean) at(c, "securityContext.readOnlyRootFilesystem")).isTrue();
      assertThat((List<String>) at(c, "securityContext.capabilities.drop")).containsExactly("ALL");
      assertThat((String) at(c, "readinessProbe.httpGet.path"))
          .isEqualTo("/actuator/health/readiness");
      assertThat(
              (String)
                  at(deployment, "spec.template.spec.volumes[0].persistentVolumeClaim.claimName"))
          .isEqualTo("residual");
    }
    assertThat((Map<String, String>) at(manifests.get("ConfigMap", "residual"), "data"))
        .containsEntry(
            "SPRING_DATASOURCE_URL",
            "jdbc:postgresql://postgres.databases.svc.cluster.local:5432/residual");
  }

  @Test
  void sharesOneReadWriteManyVolume() {
    Map<String, Object> pvc = manifests.get("PersistentVolumeClaim", "residual");
    assertThat((List<String>) at(pvc, "spec.accessModes")).containsExactly("ReadWriteMany");
    assertThat((String) at(pvc, "spec.storageClassName")).isEqualTo("nfs-client");
    assertThat((String) at(pvc, "spec.resources.requests.storage")).isEqualTo("200Gi");
  }

  @Test
  void exposesOnlyTheApiPodsThroughTheServiceAndIngress() {
    Map<String, Object> service = manifests.get("Service", "residual");
    assertThat((Map<String, String>) at(service, "spec.selector"))
        .containsEntry("app.kubernetes.io/component", "api");
    Map<String, Object> ingress = manifests.get("Ingress", "residual");
    assertThat((String) at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
    assertThat((String) at(ingress, "spec.tls[0].secretName")).isEqualTo("residual-tls");
    assertThat((String) at(ingress, "spec.rules[0].host")).isEqualTo("residual.example.com");
    Map<String, Object> backend = at(ingress, "spec.rules[0].http.paths[0].backend.service");
    assertThat(backend).containsEntry("name", "residual");
    assertThat((Integer) at(backend, "port.number")).isEqualTo(80);
  }

  @Test
  void budgetsDisruptionsPerRole() {
    for (String role : List.of("api", "trainer")) {
      Map<String, Object> pdb = manifests.get("PodDisruptionBudget", "residual-" + role);
      Map<String, Object> deployment = manifests.get("Deployment", "residual-" + role);
      assertThat((Integer) at(pdb, "spec.maxUnavailable")).isEqualTo(1);
      assertThat((Map<String, String>) at(deployment, "spec.template.metadata.labels"))
          .containsAllEntriesOf(at(pdb, "spec.selector.matchLabels"));
    }
  }
}

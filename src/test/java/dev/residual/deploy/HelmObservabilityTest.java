package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's parts for the Prometheus ecosystem: off by default but for the Grafana dashboard, and
 * with the production values a ServiceMonitor over every pod, the alerts, JSON logs and KEDA
 * scaling the trainers on the queue.
 */
class HelmObservabilityTest {

  @Test
  void byDefaultOnlyTheDashboardIsRendered() throws Exception {
    Manifests manifests = Charts.render();

    assertThat(manifests.names())
        .contains("ConfigMap/residual-dashboard")
        .doesNotContain(
            "Service/residual-metrics",
            "ServiceMonitor/residual",
            "PrometheusRule/residual",
            "ScaledObject/residual-trainer");
    Map<String, Object> dashboard = manifests.get("ConfigMap", "residual-dashboard");
    assertThat((Map<String, String>) at(dashboard, "metadata.labels"))
        .as("Grafana's sidecar picks it up")
        .containsEntry("grafana_dashboard", "1");
    String json = ((Map<String, String>) at(dashboard, "data")).get("residual.json");
    assertThat(JsonMapper.builder().build().readTree(json))
        .isEqualTo(
            JsonMapper.builder()
                .build()
                .readTree(Files.readString(Charts.CHART.resolve("dashboards/residual.json"))));
  }

  @Test
  void productionScrapesEveryPodAlertsLogsJsonAndScalesTrainersOnTheQueue() {
    Manifests manifests = Charts.render(Charts.PRODUCTION);

    Map<String, Object> metrics = manifests.get("Service", "residual-metrics");
    assertThat((String) at(metrics, "spec.clusterIP")).isEqualTo("None");
    assertThat((Map<String, String>) at(metrics, "spec.selector"))
        .as("API and trainer pods alike")
        .doesNotContainKey("app.kubernetes.io/component")
        .containsEntry("app.kubernetes.io/name", "residual");
    Map<String, Object> monitor = manifests.get("ServiceMonitor", "residual");
    Map<String, String> selected = at(monitor, "spec.selector.matchLabels");
    assertThat(selected).containsEntry("app.kubernetes.io/component", "metrics");
    assertThat((Map<String, String>) at(metrics, "metadata.labels")).containsAllEntriesOf(selected);
    assertThat((String) at(monitor, "spec.endpoints[0].path")).isEqualTo("/actuator/prometheus");
    assertThat((String) at(monitor, "spec.endpoints[0].port")).isEqualTo("http");
    assertThat((Map<String, String>) at(monitor, "metadata.labels"))
        .containsEntry("release", "kube-prometheus-stack");

    List<Map<String, Object>> alerts =
        PrometheusRulesTest.alerts(at(manifests.get("PrometheusRule", "residual"), "spec"));
    assertThat(alerts)
        .extracting(a -> a.get("alert"))
        .containsExactly(
            "ResidualJobsFailing",
            "ResidualJobsStuckInQueue",
            "ResidualNoTrainer",
            "ResidualPredictionsRefused",
            "ResidualReadinessFlapping");

    assertThat((Map<String, String>) at(manifests.get("ConfigMap", "residual"), "data"))
        .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");

    Map<String, Object> scaler = manifests.get("ScaledObject", "residual-trainer");
    assertThat((String) at(scaler, "spec.scaleTargetRef.name")).isEqualTo("residual-trainer");
    assertThat((Integer) at(scaler, "spec.minReplicaCount")).isEqualTo(1);
    assertThat((Integer) at(scaler, "spec.maxReplicaCount")).isEqualTo(6);
    assertThat((String) at(scaler, "spec.triggers[0].type")).isEqualTo("prometheus");
    assertThat((String) at(scaler, "spec.triggers[0].metadata.query"))
        .isEqualTo(
            "sum(max by (kind, status) (residual_jobs{namespace=\"default\",job=\"residual-metrics\","
                + "status=~\"QUEUED|RUNNING\"}))");
    assertThat((String) at(scaler, "spec.triggers[0].metadata.threshold"))
        .as("jobs per trainer pod")
        .isEqualTo("1");
    assertThat((Object) at(manifests.get("Deployment", "residual-trainer"), "spec.replicas"))
        .as("KEDA owns the trainers' replica count")
        .isNull();
  }

  @Test
  void scalingTrainersToZeroKeepsTheNoTrainerAlertForQueuedJobs(@TempDir Path dir) {
    Path values = Charts.writeValues(dir, "trainer:\n  autoscaling:\n    minReplicas: 0\n");
    Manifests manifests = Charts.render(Charts.PRODUCTION, values);

    assertThat(
            (Integer) at(manifests.get("ScaledObject", "residual-trainer"), "spec.minReplicaCount"))
        .isZero();
    Map<String, Object> noTrainer =
        PrometheusRulesTest.alerts(at(manifests.get("PrometheusRule", "residual"), "spec")).stream()
            .filter(a -> a.get("alert").equals("ResidualNoTrainer"))
            .findFirst()
            .orElseThrow();
    assertThat((String) noTrainer.get("expr"))
        .contains("and on() sum(max by (kind) (residual_jobs{");
  }

  @Test
  void lintsCleanlyWithEverythingOn(@TempDir Path dir) {
    Path values =
        Charts.writeValues(
            dir,
            "metrics:\n  serviceMonitor:\n    enabled: true\n  prometheusRule:\n    enabled: true\n");
    LintResult lint = Charts.lint(dir, Charts.PRODUCTION, values);
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}

package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerts exactly as the chart renders them (PrometheusRule's {@code spec}), checked by {@code
 * promtool check rules} and unit-tested by {@code promtool test rules} with synthetic series
 * (src/test/resources/prometheus/alerts-test.yaml): each alert fires when it should and stays quiet
 * when it should not.
 */
class PrometheusRulesTest {

  static final Path UNIT_TESTS =
      Path.of("src", "test", "resources", "prometheus", "alerts-test.yaml");
  private static final Pattern LABEL = Pattern.compile("\\{\\{ \\$labels\\.(\\w+) }}");

  @TempDir static Path dir;
  static Map<String, Object> rules;

  @BeforeAll
  static void render() {
    rules = renderedRules(dir);
  }

  /** The {@code groups} of the chart's PrometheusRule with the rule enabled and default values. */
  static Map<String, Object> renderedRules(Path dir) {
    Path values = Charts.writeValues(dir, "metrics:\n  prometheusRule:\n    enabled: true\n");
    return at(Charts.render(values).get("PrometheusRule", "residual"), "spec");
  }

  static List<Map<String, Object>> alerts(Map<String, Object> rules) {
    List<Map<String, Object>> groups = at(rules, "groups");
    return groups.stream()
        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
        .filter(r -> r.containsKey("alert"))
        .toList();
  }

  @Test
  void promtoolAcceptsTheRenderedRules() throws Exception {
    Path promtool = PrometheusTools.require("promtool");
    write(dir.resolve("rules.yaml"), rules);

    PrometheusTools.Result check =
        PrometheusTools.run(dir, promtool.toString(), "check", "rules", "rules.yaml");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 5 rules found");
  }

  @Test
  void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
    Path promtool = PrometheusTools.require("promtool");
    write(dir.resolve("rules.yaml"), rules);
    Map<String, Object> unitTests =
        new Yaml(new LoaderOptions()).load(Files.readString(UNIT_TESTS));
    Map<String, Map<String, String>> annotations =
        alerts(rules).stream()
            .collect(
                Collectors.toMap(
                    r -> (String) r.get("alert"), r -> (Map<String, String>) r.get("annotations")));
    Map<String, int[]> cases = new HashMap<>(); // alert -> {firing cases, quiet cases}
    for (Map<String, Object> test : (List<Map<String, Object>>) unitTests.get("tests")) {
      for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        String alert = (String) check.get("alertname");
        assertThat(annotations).as("a rule named %s", alert).containsKey(alert);
        List<Map<String, Object>> expected = (List<Map<String, Object>>) check.get("exp_alerts");
        cases.computeIfAbsent(alert, a -> new int[2])[expected.isEmpty() ? 1 : 0]++;
        // The prose is the chart's: the unit tests state labels, this fills in the annotations.
        for (Map<String, Object> alertExpected : expected) {
          Map<String, String> labels = (Map<String, String>) alertExpected.get("exp_labels");
          alertExpected.put("exp_annotations", expand(annotations.get(alert), labels));
        }
      }
    }
    assertThat(cases.keySet())
        .as("every alert has unit tests")
        .containsExactlyInAnyOrderElementsOf(annotations.keySet());
    assertThat(cases)
        .allSatisfy(
            (alert, counts) ->
                assertThat(counts).as(alert + ": firing and quiet cases").doesNotContain(0));
    write(dir.resolve("alerts-test.yaml"), unitTests);

    PrometheusTools.Result test =
        PrometheusTools.run(dir, promtool.toString(), "test", "rules", "alerts-test.yaml");

    assertThat(test.exitCode())
        .as(test.output() + "\nrules.yaml:\n" + Files.readString(dir.resolve("rules.yaml")))
        .isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  private static Map<String, String> expand(
      Map<String, String> templates, Map<String, String> labels) {
    Map<String, String> expanded = new HashMap<>();
    templates.forEach(
        (name, template) -> {
          Matcher label = LABEL.matcher(template);
          expanded.put(
              name,
              label.replaceAll(m -> Matcher.quoteReplacement(labels.getOrDefault(m.group(1), ""))));
        });
    return expanded;
  }

  static void write(Path file, Object yaml) throws IOException {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(1_000);
    Files.writeString(file, new Yaml(options).dump(yaml));
  }
}

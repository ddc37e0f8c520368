package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The documents {@code helm template} rendered, parsed, with a small path syntax to read them. */
final class Manifests {

  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private final List<Map<String, Object>> documents;

  private Manifests(List<Map<String, Object>> documents) {
    this.documents = documents;
  }

  @SuppressWarnings("unchecked")
  static Manifests parse(String rendered) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new LoaderOptions()).loadAll(rendered)) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return new Manifests(documents);
  }

  /** The one document of this kind and name; fails the test if there is none. */
  Map<String, Object> get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in " + names()));
  }

  java.util.Optional<Map<String, Object>> find(String kind, String name) {
    return documents.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
        .findFirst();
  }

  List<String> names() {
    return documents.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
  }

  /** Reads {@code spec.template.spec.containers[0].image} style paths; null where absent. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object current = node;
    Matcher step = STEP.matcher(path);
    while (step.find() && current != null) {
      if (step.group(1) != null) {
        current = current instanceof Map<?, ?> map ? map.get(step.group(1)) : null;
      } else {
        int index = Integer.parseInt(step.group(2));
        current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
      }
    }
    return (T) current;
  }

  /** The container's environment variable of that name, as rendered (value or valueFrom). */
  static Map<String, Object> env(Map<String, Object> container, String name) {
    List<Map<String, Object>> env = at(container, "env");
    assertThat(env).as("env of " + container.get("name")).isNotNull();
    return env.stream()
        .filter(e -> Objects.equals(name, e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No env " + name + " in " + env));
  }

  /** The first container of a Deployment's pod. */
  static Map<String, Object> container(Map<String, Object> deployment) {
    return at(deployment, "spec.template.spec.containers[0]");
  }
}

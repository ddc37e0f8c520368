package dev.residual.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Runs Helm (through helm-java's embedded library) on the chart in {@code helm/residual}. */
final class Charts {

  static final Path CHART = Path.of("helm", "residual");
  static final Path PRODUCTION = CHART.resolve("values-production.yaml");
  static final String RELEASE = "residual";

  /** helm-java's library assumes Kubernetes 1.20 unless told; the chart needs 1.25 or later. */
  static final String KUBE_VERSION = "v1.30.0";

  private Charts() {}

  static String template(Path... valuesFiles) {
    TemplateCommand template =
        new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION);
    for (Path values : valuesFiles) {
      template = template.withValuesFile(values);
    }
    return template.call();
  }

  static Manifests render(Path... valuesFiles) {
    return Manifests.parse(template(valuesFiles));
  }

  /**
   * {@code helm lint --strict} of the chart with these values merged over its defaults. helm-java's
   * lint takes no values file, so it lints a copy whose values.yaml is the merge.
   */
  static LintResult lint(Path copyDir, Path... valuesFiles) {
    Map<String, Object> values = read(CHART.resolve("values.yaml"));
    for (Path file : valuesFiles) {
      merge(values, read(file));
    }
    Path copy = copyDir.resolve("residual");
    copyTree(CHART, copy);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    try {
      Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(copy).lint().strict().call();
  }

  static Path writeValues(Path dir, String yaml) {
    try {
      return Files.writeString(Files.createTempFile(dir, "values-", ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> read(Path file) {
    try {
      Map<String, Object> values = new Yaml(new LoaderOptions()).load(Files.readString(file));
      return values == null ? new LinkedHashMap<>() : values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's own rule: maps merge key by key, anything else is replaced. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> base, Map<String, Object> override) {
    override.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> map && base.get(key) instanceof Map<?, ?> existing) {
            merge((Map<String, Object>) existing, (Map<String, Object>) map);
          } else {
            base.put(key, value);
          }
        });
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

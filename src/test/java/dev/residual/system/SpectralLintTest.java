package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spectral's {@code spectral:oas} ruleset (through {@code .spectral.yaml}) finds nothing in the
 * committed {@code openapi.yaml}: no error, no warning, no hint.
 */
class SpectralLintTest {

  @Test
  void theContractPassesSpectralsOpenApiRulesWithoutAWarning() throws Exception {
    Path spectral = NodeTools.require("spectral").toAbsolutePath();

    NodeTools.Result result =
        NodeTools.run(
            Path.of("."),
            List.of(
                spectral.toString(),
                "lint",
                "openapi.yaml",
                "--ruleset",
                ".spectral.yaml",
                "--fail-severity",
                "hint",
                "--format",
                "text"));

    assertThat(result.exitCode()).as("spectral output:%n%s", result.output()).isZero();
    assertThat(result.output()).doesNotContain("warning").doesNotContain("error");
  }
}

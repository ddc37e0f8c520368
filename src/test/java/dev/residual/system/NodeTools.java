package dev.residual.system;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools the contract tests run ({@code tsc}, {@code spectral}), as {@code .ci/run} installs
 * them into {@code .ci/node} ({@code npm ci --prefix .ci/node}). Without them a test is skipped,
 * except under {@code CI=true}, where a missing tool fails it.
 */
final class NodeTools {

  static final Path BIN = Path.of(".ci", "node", "node_modules", ".bin");

  private NodeTools() {}

  /** The tool's launcher, or the test is skipped (outside CI) or fails (in CI). */
  static Path require(String tool) {
    Path launcher = BIN.resolve(tool);
    if (!Files.isExecutable(launcher)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(
            launcher + " is missing: .ci/run installs it with npm ci --prefix .ci/node");
      }
      assumeThat(launcher).as("npm ci --prefix .ci/node installs " + tool).isExecutable();
    }
    return launcher;
  }

  /** Runs the command in {@code directory} and returns its exit code and combined output. */
  static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in 5 minutes");
    }
    return new Result(process.exitValue(), output);
  }

  record Result(int exitCode, String output) {}
}

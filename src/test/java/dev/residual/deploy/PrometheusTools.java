package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} package ({@code prometheus} and {@code promtool}), which {@code
 * .ci/run} installs: required under {@code CI=true}, elsewhere a test without it is skipped.
 */
final class PrometheusTools {

  private PrometheusTools() {}

  /** The executable on the PATH, or the test is skipped (fails under CI). */
  static Path require(String name) {
    Optional<Path> found =
        Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      String message = name + " is not installed (apt-get install prometheus)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + "; .ci/run installs it");
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /** Runs a command to its end, within two minutes. */
  static Result run(Path workingDir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}

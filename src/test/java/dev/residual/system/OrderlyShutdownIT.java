package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while ONNX Runtime sessions run on other threads, as when a serving pod is stopped under
 * load. Left to the JVM, SIGTERM starts every shutdown hook at once, ONNX Runtime's among them,
 * which releases its native environment under the running sessions; a session that logs afterwards
 * crashes the process. With {@link OrderlyShutdown}, the sessions are closed before any hook
 * starts, and the process exits with the status the JVM would have given.
 */
class OrderlyShutdownIT {

  @TempDir Path dir;

  @Test
  void sigtermClosesTheSessionsBeforeTheShutdownHooksStart() throws Exception {
    Path log = dir.resolve("probe.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    OrtSessionsAtSignal.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(dir.toFile())
            .start();
    try {
      awaitLine(process, log, OrtSessionsAtSignal.READY, Duration.ofSeconds(90));
      process.destroy(); // SIGTERM, as Kubernetes and Docker send
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(output).isEqualTo(143);
      assertThat(output)
          .as("the sessions closed, then the hooks started")
          .containsSubsequence(OrtSessionsAtSignal.CLOSED, OrtSessionsAtSignal.HOOKS + "false")
          .doesNotContain(OrtSessionsAtSignal.HOOKS + "true", "A fatal error has been detected");
    } finally {
      process.destroyForcibly();
    }
  }

  private static void awaitLine(Process process, Path log, String line, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(line)) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("'%s' within %s", line, timeout).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

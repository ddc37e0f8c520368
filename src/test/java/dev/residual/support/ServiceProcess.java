package dev.residual.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service as a real operating-system process, started from the test's own class path, so that
 * tests can kill it with SIGKILL or SIGTERM and start it again on the same data directory.
 */
public final class ServiceProcess implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final List<String> extraArgs;
  private final Path log;
  private Process process;

  public ServiceProcess(Path dataDir, int port, String... extraArgs) {
    this.dataDir = dataDir;
    this.port = port;
    this.extraArgs = List.of(extraArgs);
    this.log = dataDir.resolve("service-" + port + ".log");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public ServiceProcess start() throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx2g",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.residual.ResidualApplication",
            "--server.port=" + port,
            "--residual.data-dir=" + dataDir));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitHealthy(Duration.ofSeconds(90));
    return this;
  }

  public Http http() {
    return new Http(port);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The names of the service's live threads, from {@code jcmd <pid> Thread.print}. */
  public List<String> threadNames() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()),
                "Thread.print")
            .redirectErrorStream(true)
            .start();
    String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd failed: " + dump);
    }
    List<String> names = new ArrayList<>();
    dump.lines()
        .filter(line -> line.startsWith("\""))
        .forEach(line -> names.add(line.substring(1, line.indexOf('"', 1))));
    return names;
  }

  /** SIGKILL: no shutdown hook, no checkpoint, nothing flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the graceful path. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
    }
    return process.waitFor();
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Http http = http();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The service exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        if (http.get("/actuator/health/readiness").statusCode() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "The service did not become ready in " + timeout + ":\n" + logText());
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}

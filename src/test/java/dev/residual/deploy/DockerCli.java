package dev.residual.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code docker} command line, as a user runs it: the first {@code docker} on the PATH that
 * builds with BuildKit (it has the buildx plugin, or is older than 23, where BuildKit is built in),
 * talking to the engine {@code DOCKER_HOST} names. Where no engine answers, tests that need one are
 * skipped, and fail under {@code CI=true}.
 */
final class DockerCli {

  private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.");
  private static DockerCli instance;

  private final String executable;
  private final List<String> compose;

  private DockerCli(String executable, List<String> compose) {
    this.executable = executable;
    this.compose = compose;
  }

  /** A CLI whose engine answers; otherwise the calling test is skipped (failed under CI). */
  static synchronized DockerCli require() {
    if (instance != null) {
      return instance;
    }
    String executable = buildKitCli();
    if (executable == null) {
      missing("no docker command line that builds with BuildKit is on the PATH");
    }
    Result server =
        run(executable, Duration.ofSeconds(20), null, "version", "--format", "{{.Server.Version}}");
    if (!server.ok()) {
      missing("no Docker engine answers (" + server.stderr().strip() + ")");
    }
    instance = new DockerCli(executable, composeCommand(executable));
    System.out.println(
        "Docker: "
            + executable
            + " against engine "
            + server.stdout().strip()
            + " at "
            + System.getenv().getOrDefault("DOCKER_HOST", "the default socket")
            + "; compose: "
            + (instance.compose.isEmpty() ? "none" : String.join(" ", instance.compose)));
    return instance;
  }

  /** Runs {@code docker args...} and returns what it printed; fails the test on a non-zero exit. */
  String check(Duration timeout, String... args) {
    Result result = docker(timeout, null, args);
    if (!result.ok()) {
      fail(
          "docker " + String.join(" ", args) + " exited " + result.exit() + ": " + result.stderr());
    }
    return result.stdout().strip();
  }

  Result docker(Duration timeout, byte[] stdin, String... args) {
    return run(executable, timeout, stdin, args);
  }

  /** Starts {@code docker args...} without waiting, e.g. to follow a stream. */
  Process start(String... args) {
    List<String> command = new ArrayList<>(List.of(executable));
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code docker compose} (v2) or Debian's {@code docker-compose} (v1), whichever exists, with
   * these variables added to its environment.
   */
  Result compose(Duration timeout, Map<String, String> environment, String... args) {
    if (compose.isEmpty()) {
      missing("neither 'docker compose' nor 'docker-compose' is installed");
    }
    List<String> command = new ArrayList<>(compose.subList(1, compose.size()));
    command.addAll(List.of(args));
    return run(compose.get(0), timeout, null, environment, command.toArray(String[]::new));
  }

  List<String> composeCommand() {
    return compose;
  }

  /** Builds with BuildKit, the build's progress in {@code log}. */
  void build(Path log, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(executable, "build", "--progress=plain"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DOCKER_BUILDKIT", "1");
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("docker build took longer than " + timeout + "; see " + log);
      }
      if (process.exitValue() != 0) {
        fail("docker build failed; the end of " + log + ":\n" + tail(Files.readString(log), 3000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Result(int exit, String stdout, String stderr) {
    boolean ok() {
      return exit == 0;
    }
  }

  static String tail(String text, int chars) {
    return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
  }

  private static void missing(String why) {
    String message = "Docker image tests not run: " + why + ".";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " CI must build and run the image (.ci/run starts an engine).");
    }
    Assumptions.abort(message);
  }

  private static String buildKitCli() {
    Set<String> seen = new LinkedHashSet<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "docker");
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      try {
        if (!seen.add(candidate.toRealPath().toString())) {
          continue;
        }
      } catch (IOException e) {
        continue;
      }
      String cli = candidate.toString();
      if (run(cli, Duration.ofSeconds(20), null, "buildx", "version").ok()) {
        return cli;
      }
      Matcher version =
          VERSION.matcher(run(cli, Duration.ofSeconds(20), null, "--version").stdout());
      if (version.find() && Integer.parseInt(version.group(1)) < 23) {
        return cli;
      }
    }
    return null;
  }

  private static List<String> composeCommand(String executable) {
    if (run(executable, Duration.ofSeconds(20), null, "compose", "version").ok()) {
      return List.of(executable, "compose");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "docker-compose");
      if (Files.isExecutable(candidate)) {
        return List.of(candidate.toString());
      }
    }
    return List.of();
  }

  private static Result run(String executable, Duration timeout, byte[] stdin, String... args) {
    return run(executable, timeout, stdin, Map.of(), args);
  }

  private static Result run(
      String executable,
      Duration timeout,
      byte[] stdin,
      Map<String, String> environment,
      String... args) {
    List<String> command = new ArrayList<>(List.of(executable));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("DOCKER_BUILDKIT", "1");
      builder.environment().putAll(environment);
      Process process = builder.start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, out.getNow(""), "timed out after " + timeout + ": " + command);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        task -> {
          Thread reader = new Thread(task, "docker-output");
          reader.setDaemon(true);
          reader.start();
        });
  }
}

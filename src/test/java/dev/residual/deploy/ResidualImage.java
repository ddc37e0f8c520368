package dev.residual.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The image of {@code docker/Dockerfile}, built once per test run with BuildKit, exactly as a user
 * builds it. {@code RESIDUAL_BUILD_IMAGE} and {@code RESIDUAL_RUNTIME_IMAGE} pass other base images
 * (e.g. the Debian ones of {@code docker/debian/build-bases.sh} where no registry is reachable);
 * nothing else differs.
 */
record ResidualImage(String tag, long bytes, Duration buildTime) {

  static final String TAG = "residual-it:latest";
  private static ResidualImage built;

  static synchronized ResidualImage build(DockerCli docker) throws Exception {
    if (built != null) {
      return built;
    }
    List<String> args = new ArrayList<>(List.of("-f", "docker/Dockerfile", "-t", TAG));
    String bases = "eclipse-temurin";
    for (String[] base :
        new String[][] {
          {"RESIDUAL_BUILD_IMAGE", "BUILD_IMAGE"}, {"RESIDUAL_RUNTIME_IMAGE", "RUNTIME_IMAGE"}
        }) {
      String value = System.getenv(base[0]);
      if (value != null && !value.isBlank()) {
        args.addAll(List.of("--build-arg", base[1] + "=" + value));
        bases = bases.equals("eclipse-temurin") ? value : bases + " / " + value;
      }
    }
    args.add(".");
    Path log = Files.createDirectories(Path.of("target", "docker")).resolve("build.log");
    long start = System.nanoTime();
    docker.build(log, Duration.ofMinutes(20), args.toArray(String[]::new));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long bytes =
        Long.parseLong(
            docker.check(Duration.ofSeconds(30), "image", "inspect", "-f", "{{.Size}}", TAG));
    built = new ResidualImage(TAG, bytes, took);
    System.out.printf(
        Locale.ROOT,
        "Image %s: %.2f GB (%d MB), built in %d s on %s; log in %s%n",
        TAG,
        bytes / 1e9,
        bytes / 1_000_000,
        took.toSeconds(),
        bases,
        log);
    return built;
  }
}

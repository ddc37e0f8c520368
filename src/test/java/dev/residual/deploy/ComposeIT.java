package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.deploy.DockerCli.Result;
import dev.residual.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code docker/compose.yaml} brought up for real, unchanged, with {@code docker compose} (or
 * Debian's {@code docker-compose}): PostgreSQL and two Residual replicas on one data volume. A job
 * submitted to one replica streams to {@code done} on both, so also on the one that does not run
 * it. An override file adds only the read-only Fashion-MNIST mount, so nothing is downloaded.
 * {@code RESIDUAL_POSTGRES_IMAGE} names a PostgreSQL image where Docker Hub's is out of reach.
 * Skipped where no engine answers, failed under {@code CI=true}.
 */
class ComposeIT {

  static final Path COMPOSE = Path.of("docker", "compose.yaml");

  @Test
  void aJobSubmittedToOneReplicaStreamsToDoneOnTheOther() throws Exception {
    DockerCli docker = DockerCli.require();
    DockerImageIT.requireDataset();
    ResidualImage image = ResidualImage.build(docker);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String project = "residual-it-" + suffix;
    String token = "compose-token-" + suffix + "-0123456789";
    Path override = Files.createDirectories(Path.of("target", "docker")).resolve("compose-it.yaml");
    String datasets = DockerImageIT.FASHION_MNIST + ":" + DockerImageIT.FASHION_MNIST + ":ro";
    Files.writeString(
        override,
        "services:\n"
            + "  residual-1:\n    volumes: [\""
            + datasets
            + "\"]\n"
            + "  residual-2:\n    volumes: [\""
            + datasets
            + "\"]\n");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RESIDUAL_IMAGE", image.tag());
    env.put("RESIDUAL_ADMIN_TOKEN", token);
    env.put("POSTGRES_PASSWORD", "pw-" + suffix);
    env.put("RESIDUAL_PORT", String.valueOf(ServiceProcess.freePort()));
    env.put("RESIDUAL_PORT_2", String.valueOf(ServiceProcess.freePort()));
    String postgres = System.getenv("RESIDUAL_POSTGRES_IMAGE");
    if (postgres != null && !postgres.isBlank()) {
      env.put("POSTGRES_IMAGE", postgres);
    }
    Compose compose = new Compose(docker, project, override, env);
    try {
      long started = System.nanoTime();
      Result up = compose.run(Duration.ofMinutes(6), "up", "-d", "--no-build");
      assertThat(up.ok()).as(up.stderr()).isTrue();
      ServiceContainer one = new ServiceContainer(docker, compose.container("residual-1"), token);
      ServiceContainer two = new ServiceContainer(docker, compose.container("residual-2"), token);
      one.awaitReady(Duration.ofMinutes(5));
      two.awaitReady(Duration.ofMinutes(5));
      System.out.printf(
          "Compose (%s): PostgreSQL and two replicas ready in %.1f s%n",
          String.join(" ", compose.command()), (System.nanoTime() - started) / 1e9);

      // Followed through both replicas at once: the one it was not submitted to, and the one
      // that does not run it (whichever claims it), both reach done from the shared database.
      String job = one.train(2, 10, 7);
      CompletableFuture<List<String>> viaOne = one.follow(job);
      CompletableFuture<List<String>> viaTwo = two.follow(job);
      List<String> eventsOnTwo = two.awaitEvents(viaTwo, Duration.ofMinutes(4));
      List<String> eventsOnOne = one.awaitEvents(viaOne, Duration.ofMinutes(1));
      for (List<String> events : List.of(eventsOnOne, eventsOnTwo)) {
        assertThat(events).contains("status", "epoch", "checkpoint");
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
      }
      JsonNode finished = two.get("/api/v1/training-jobs/" + job).json();
      assertThat(finished.get("status").asString()).isEqualTo("SUCCEEDED");
      assertThat(finished.get("claimedBy").asString()).isIn("residual-1:8080", "residual-2:8080");
      System.out.println(
          "Compose job "
              + job
              + " submitted to residual-1 ran on "
              + finished.get("claimedBy").asString()
              + "; done through both replicas: "
              + eventsOnTwo);
    } finally {
      Result down = compose.run(Duration.ofMinutes(4), "down", "-v", "--timeout", "30");
      if (!down.ok()) {
        System.out.println("compose down: " + down.stderr());
      }
    }
  }

  /** One Compose project: the file, the test's override and its environment. */
  private record Compose(DockerCli docker, String project, Path override, Map<String, String> env) {

    Result run(Duration timeout, String... args) {
      List<String> all =
          new ArrayList<>(
              List.of("-p", project, "-f", COMPOSE.toString(), "-f", override.toString()));
      all.addAll(List.of(args));
      return docker.compose(timeout, env, all.toArray(String[]::new));
    }

    String container(String service) {
      Result ps = run(Duration.ofSeconds(60), "ps", "-q", service);
      assertThat(ps.ok()).as(ps.stderr()).isTrue();
      return ps.stdout().strip();
    }

    List<String> command() {
      return docker.composeCommand();
    }
  }
}

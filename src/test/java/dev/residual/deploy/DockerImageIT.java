package dev.residual.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds {@code docker/Dockerfile} and starts the image the way the chart runs it: no network at
 * all, a read-only root filesystem with a tmpfs /tmp, no capabilities. It must become ready
 * (PyTorch loads from the libraries extracted at build time), run as a non-root user, and demand
 * the configured token. Needs a Docker engine; where there is none it says so and is skipped, also
 * under CI, the one test allowed to.
 */
class DockerImageIT {

  static final String TOKEN = "image-test-token-0123456789";

  @Test
  void theImageStartsOfflineOnAReadOnlyRootAsANonRootUser() throws Exception {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      Assumptions.abort(
          "Skipped: no Docker engine answers here (a docker CLI alone is not enough), so"
              + " docker/Dockerfile was neither built nor started. Run this test where Docker"
              + " runs.");
    }
    ImageFromDockerfile image =
        new ImageFromDockerfile("residual-image-it", true)
            .withFileFromPath("mvnw", Path.of("mvnw"))
            .withFileFromPath("pom.xml", Path.of("pom.xml"))
            .withFileFromPath(".mvn", Path.of(".mvn"))
            .withFileFromPath("src/main", Path.of("src", "main"))
            .withFileFromPath("docker", Path.of("docker"))
            .withDockerfilePath("docker/Dockerfile");

    try (GenericContainer<?> residual =
        new GenericContainer<>(image)
            .withNetworkMode("none")
            .withEnv(
                Map.of(
                    "RESIDUAL_SECURITY_TOKENS_0_NAME", "ops",
                    "RESIDUAL_SECURITY_TOKENS_0_ROLE", "admin",
                    "RESIDUAL_SECURITY_TOKENS_0_TOKEN", TOKEN))
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withReadonlyRootfs(true)
                        .withTmpFs(Map.of("/tmp", "rw,size=512m"))
                        .withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges:true")))
            .waitingFor(
                Wait.forSuccessfulCommand(
                        "curl -fsS http://127.0.0.1:8080/actuator/health/readiness")
                    .withStartupTimeout(Duration.ofMinutes(4)))) {
      residual.start();

      assertThat(residual.execInContainer("id", "-u").getStdout().strip()).isEqualTo("10001");
      assertThat(status(residual, null, "/api/v1/datasets")).isEqualTo("401");
      assertThat(status(residual, TOKEN, "/api/v1/datasets")).isEqualTo("200");
      String health =
          residual
              .execInContainer(
                  "curl",
                  "-fsS",
                  "-H",
                  "Authorization: Bearer " + TOKEN,
                  "http://127.0.0.1:8080/actuator/health")
              .getStdout();
      assertThat(health).contains("\"djl\"").contains("PyTorch").contains("2.7.1");
      assertThat(residual.getLogs()).doesNotContain("Extracting").doesNotContain("Downloading");
      var config = residual.getContainerInfo().getConfig();
      assertThat(String.join(" ", config.getHealthcheck().getTest()))
          .contains("/actuator/health/liveness");
      assertThat(String.join(" ", config.getEntrypoint()))
          .contains("-XX:+ExitOnOutOfMemoryError")
          .contains("-Dai.djl.offline=true");
    }
  }

  private static String status(GenericContainer<?> container, String token, String path)
      throws Exception {
    String auth = token == null ? "X-No-Token: 1" : "Authorization: Bearer " + token;
    ExecResult result =
        container.execInContainer(
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            auth,
            "http://127.0.0.1:8080" + path);
    return result.getStdout().strip();
  }
}

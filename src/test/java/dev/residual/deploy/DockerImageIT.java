package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.deploy.DockerCli.Result;
import dev.residual.deploy.ServiceContainer.Response;
import dev.residual.support.TestImages;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Builds {@code docker/Dockerfile} and runs it the way the Helm chart does: no network at all, a
 * read-only root filesystem with a tmpfs /tmp, no capabilities, a volume on /data and Fashion-MNIST
 * mounted read-only where Debian's package installs it. The image refuses to listen without tokens;
 * with one it becomes ready as uid 10001 with PyTorch loaded from the image, trains, publishes and
 * predicts; {@code docker stop} puts a running job back in the queue within the grace period; and a
 * new container on the same volume finds the jobs, checkpoints and models and finishes the job.
 * Needs a Docker engine: skipped where none answers, failed under {@code CI=true}.
 */
class DockerImageIT {

  static final String TOKEN = "image-test-token-0123456789";
  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  static final int GRACE_SECONDS = 90;

  @Test
  void theImageRunsOfflineAsNonRootOnAReadOnlyRootAndItsDataOutlivesTheContainer()
      throws Exception {
    DockerCli docker = DockerCli.require();
    requireDataset();
    ResidualImage image = ResidualImage.build(docker);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String volume = "residual-it-" + suffix;
    List<String> containers = new ArrayList<>();
    try {
      refusesToListenWithoutTokens(docker, image, "residual-it-open-" + suffix, containers);

      docker.check(Duration.ofSeconds(30), "volume", "create", volume);
      long started = System.nanoTime();
      ServiceContainer first = run(docker, image, volume, "residual-it-a-" + suffix, containers);
      first.awaitReady(Duration.ofMinutes(4));
      Duration toReady = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "Time to ready (docker run to readiness UP): %.1f s%n", toReady.toMillis() / 1e3);
      Map<String, Object> pod =
          Manifests.container(Charts.render().get("Deployment", "residual-api"));
      assertThat(toReady.toSeconds())
          .as("the chart's startup probe waits long enough for this image")
          .isLessThan(
              (Integer) at(pod, "startupProbe.periodSeconds")
                  * (Integer) at(pod, "startupProbe.failureThreshold"));

      runsConfinedWithTheEngineFromTheImage(first);

      // A tiny job, its model published, a PNG classified.
      String tiny = first.train(1, 5, 1);
      JsonNode done = first.awaitSuccess(tiny, Duration.ofMinutes(3));
      Response published =
          first.post(
              "/api/v1/models",
              "{\"name\": \"image-it\", \"checkpointId\": \""
                  + done.get("bestCheckpointId").asString()
                  + "\"}");
      assertThat(published.status()).as(published.body()).isEqualTo(201);
      assertTopFive(first);

      // A longer job, stopped with docker stop after its first epoch's checkpoint.
      String longer = first.train(4, 40, 2);
      first.awaitJob(
          longer,
          Duration.ofMinutes(3),
          job ->
              job.get("status").asString().equals("RUNNING")
                  && job.get("epochsCompleted").asInt() >= 1);
      long stopping = System.nanoTime();
      docker.check(
          Duration.ofSeconds(GRACE_SECONDS + 30), "stop", "-t", "" + GRACE_SECONDS, first.id());
      Duration stopTime = Duration.ofNanos(System.nanoTime() - stopping);
      System.out.printf("docker stop with a running job: %.1f s%n", stopTime.toMillis() / 1e3);
      assertThat(first.inspect("{{.State.ExitCode}}"))
          .as("the JVM ended on SIGTERM (143) or exited (0), not SIGKILL (137)")
          .isIn("0", "143");
      assertThat(stopTime).isLessThan(Duration.ofSeconds(GRACE_SECONDS));
      assertThat(first.logs())
          .contains("Stopping: 1 running job(s) go back to the queue")
          .doesNotContain("OutOfMemoryError");

      // A new container on the same volume: the jobs, checkpoints and models are there.
      ServiceContainer second = run(docker, image, volume, "residual-it-b-" + suffix, containers);
      second.awaitReady(Duration.ofMinutes(4));
      assertThat(second.get("/api/v1/training-jobs/" + tiny).json().get("status").asString())
          .isEqualTo("SUCCEEDED");
      JsonNode checkpoints = second.get("/api/v1/checkpoints?jobId=" + longer).json();
      assertThat(checkpoints.size()).as("the stopped job's checkpoints").isGreaterThanOrEqualTo(1);
      assertThat(second.get("/api/v1/models").body()).contains("\"image-it\"");
      JsonNode resumed = second.awaitSuccess(longer, Duration.ofMinutes(4));
      assertThat(resumed.get("epochsCompleted").asInt()).isEqualTo(4);
      assertThat(second.logs()).containsPattern("Job " + longer + " resumes after epoch [1-3] ");
      assertTopFive(second);
    } finally {
      for (String container : containers) {
        docker.docker(Duration.ofSeconds(60), null, "rm", "-f", "-v", container);
      }
      docker.docker(Duration.ofSeconds(60), null, "volume", "rm", "-f", volume);
    }
  }

  /**
   * What the chart's defaults assume of the image, read from the built image itself: its user, its
   * port, its data volume, where it writes, and the health path it answers.
   */
  @Test
  void theChartRunsTheImageAsItWasBuilt() throws Exception {
    DockerCli docker = DockerCli.require();
    ResidualImage image = ResidualImage.build(docker);
    Map<String, Object> api = Charts.render().get("Deployment", "residual-api");
    Map<String, Object> pod = at(api, "spec.template.spec");
    Map<String, Object> container = Manifests.container(api);
    String[] config =
        Stream.of(
                "{{.Config.User}}",
                "{{json .Config.ExposedPorts}}",
                "{{json .Config.Volumes}}",
                "{{json .Config.Healthcheck.Test}}",
                "{{json .Config.Env}}",
                "{{json .Config.Healthcheck.StartPeriod}}")
            .map(
                format ->
                    docker.check(
                        Duration.ofSeconds(30), "image", "inspect", "-f", format, image.tag()))
            .toArray(String[]::new);

    String[] user = config[0].split(":");
    assertThat((Integer) at(pod, "securityContext.runAsUser")).isEqualTo(Integer.parseInt(user[0]));
    assertThat((Integer) at(pod, "securityContext.runAsGroup"))
        .isEqualTo(Integer.parseInt(user[1]));
    assertThat((Integer) at(pod, "securityContext.fsGroup"))
        .as("the data volume writable by the image's group")
        .isEqualTo(Integer.parseInt(user[1]));
    assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();

    assertThat(config[1]).isEqualTo("{\"" + at(container, "ports[0].containerPort") + "/tcp\":{}}");
    Map<String, String> chartEnv = at(Charts.render().get("ConfigMap", "residual"), "data");
    assertThat(config[4])
        .contains("SERVER_PORT=" + chartEnv.get("SERVER_PORT"))
        .contains("RESIDUAL_DATA_DIR=" + chartEnv.get("RESIDUAL_DATA_DIR"))
        .contains("ENGINE_CACHE_DIR=/opt/djl");

    // Writable: the image's volume and /tmp, exactly the two the chart mounts; the engine's
    // libraries stay in the read-only image.
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    assertThat(mounts)
        .extracting(m -> m.get("mountPath"))
        .containsExactlyInAnyOrder("/data", "/tmp");
    assertThat(config[2]).isEqualTo("{\"/data\":{}}");
    assertThat((Object) at(pod, "volumes[1].emptyDir")).as("/tmp").isNotNull();

    assertThat(config[3]).contains((String) at(container, "livenessProbe.httpGet.path"));
    assertThat(Duration.ofNanos(Long.parseLong(config[5])).toSeconds())
        .as("the image's health check allows the start-up time the chart's startup probe does")
        .isEqualTo(
            (Integer) at(container, "startupProbe.periodSeconds")
                * (Integer) at(container, "startupProbe.failureThreshold"));
    assertThat((Object) at(container, "command"))
        .as("the chart keeps the image's entrypoint")
        .isNull();
    assertThat((Object) at(container, "args")).isNull();
  }

  /** On 0.0.0.0 with no tokens the service stops at once and says why. */
  private static void refusesToListenWithoutTokens(
      DockerCli docker, ResidualImage image, String name, List<String> containers)
      throws InterruptedException {
    containers.add(name);
    docker.check(
        Duration.ofSeconds(60),
        "run",
        "-d",
        "--name",
        name,
        "--network",
        "none",
        "--read-only",
        "--tmpfs",
        "/tmp",
        image.tag());
    Result exit = docker.docker(Duration.ofMinutes(3), null, "wait", name);
    assertThat(exit.stdout().strip()).as("exit status").isNotEqualTo("0").isNotEmpty();
    ServiceContainer refused = new ServiceContainer(docker, name, null);
    assertThat(refused.logs())
        .contains("Residual refuses to listen on 0.0.0.0 (server.address) with no API tokens");
  }

  private static void runsConfinedWithTheEngineFromTheImage(ServiceContainer service) {
    DockerCli docker = service.docker();
    assertThat(docker.check(Duration.ofSeconds(30), "exec", service.id(), "id", "-u"))
        .isEqualTo("10001");
    assertThat(service.inspect("{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.NetworkMode}}"))
        .isEqualTo("true none");
    assertThat(
            docker
                .docker(Duration.ofSeconds(30), null, "exec", service.id(), "touch", "/app/x")
                .ok())
        .as("the root filesystem is read-only")
        .isFalse();
    assertThat(service.call("GET", "/api/v1/datasets", null, null).status()).isEqualTo(200);
    assertThat(new ServiceContainer(docker, service.id(), null).get("/api/v1/datasets").status())
        .as("no token")
        .isEqualTo(401);
    String health = service.get("/actuator/health").body();
    assertThat(health).contains("\"djl\"").contains("PyTorch").contains("2.7.1");
    assertThat(service.logs()).doesNotContain("Extracting").doesNotContain("Downloading");
    assertThat(service.inspect("{{.Config.User}}")).isEqualTo("10001:10001");
    assertThat(service.inspect("{{json .Config.Healthcheck.Test}}"))
        .contains("/actuator/health/liveness");
    assertThat(service.inspect("{{json .Config.Entrypoint}}"))
        .contains("-XX:+ExitOnOutOfMemoryError")
        .contains("-Dai.djl.offline=true");
  }

  private static void assertTopFive(ServiceContainer service) throws InterruptedException {
    byte[] png = TestImages.encode(TestImages.filled(28, 28, Color.GRAY), "png");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Response answer;
    do {
      answer = service.call("POST", "/api/v1/models/image-it/predictions", "image/png", png);
      if (answer.status() != 503) {
        break;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode classes = answer.json().get("predictions").get(0).get("classes");
    assertThat(classes.size()).isEqualTo(5);
  }

  private static ServiceContainer run(
      DockerCli docker, ResidualImage image, String volume, String name, List<String> containers) {
    containers.add(name);
    docker.check(
        Duration.ofSeconds(60),
        "run",
        "-d",
        "--name",
        name,
        "--network",
        "none",
        "--read-only",
        "--tmpfs",
        "/tmp:rw,size=512m",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges:true",
        "-v",
        volume + ":/data",
        "-v",
        FASHION_MNIST + ":" + FASHION_MNIST + ":ro",
        "-e",
        "RESIDUAL_SECURITY_TOKENS_0_NAME=ops",
        "-e",
        "RESIDUAL_SECURITY_TOKENS_0_ROLE=admin",
        "-e",
        "RESIDUAL_SECURITY_TOKENS_0_TOKEN=" + TOKEN,
        image.tag());
    return new ServiceContainer(docker, name, TOKEN);
  }

  static void requireDataset() {
    if (Files.isRegularFile(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"))) {
      return;
    }
    String why =
        "Fashion-MNIST is not installed in " + FASHION_MNIST + " (Debian: dataset-fashion-mnist)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }
}

package dev.residual.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Whether Testcontainers can start a container here without stalling: a Docker engine answers and
 * every image it would run is present or pulls now. Testcontainers starts its Ryuk reaper as soon
 * as it connects and retries a failing pull for minutes, so with an engine but no registry each
 * test class would wait that long. This asks the engine directly, once per image with a bounded
 * wait, before Testcontainers itself is touched.
 */
public final class ContainerImages {

  /** The reaper Testcontainers 2.0 starts first, unless {@code TESTCONTAINERS_RYUK_DISABLED}. */
  static final String RYUK = "testcontainers/ryuk:0.14.0";

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(3);

  private ContainerImages() {}

  /** Whether the images can run, and why (or why not) in words for the test output. */
  public record Availability(boolean ready, String reason) {}

  public static Availability ready(String... images) {
    TransportConfig transport;
    try {
      transport = DockerClientFactory.instance().getTransportConfig();
    } catch (RuntimeException e) {
      return new Availability(false, "no Docker engine answers");
    }
    List<String> needed = new ArrayList<>(List.of(images));
    if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      needed.add(RYUK);
    }
    String engine = "the Docker engine at " + transport.getDockerHost();
    try (DockerClient docker = DockerClientProviderStrategy.getClientForConfig(transport)) {
      for (String image : needed) {
        DockerImageName name = ImageNameSubstitutor.instance().apply(DockerImageName.parse(image));
        if (!present(docker, name) && !pull(docker, name)) {
          return new Availability(
              false, engine + " has no " + name.asCanonicalNameString() + " and cannot pull it");
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Availability(false, engine + " failed: " + e.getMessage());
    }
    return new Availability(true, "images present at " + engine);
  }

  private static boolean present(DockerClient docker, DockerImageName name) {
    try {
      docker.inspectImageCmd(name.asCanonicalNameString()).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** One pull, no retries; an unreachable registry answers within milliseconds. */
  private static boolean pull(DockerClient docker, DockerImageName name) {
    try (Pull pull =
        docker
            .pullImageCmd(name.getUnversionedPart())
            .withTag(name.getVersionPart())
            .exec(new Pull())) {
      pull.awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return present(docker, name);
  }

  /** A pull that ends quietly on the engine's error instead of logging it as a failure. */
  private static final class Pull extends ResultCallback.Adapter<PullResponseItem> {

    @Override
    public void onError(Throwable failure) {
      try {
        close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}

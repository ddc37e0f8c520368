package dev.residual.deploy;

import static dev.residual.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the Docker files without a Docker engine (DockerImageIT builds and runs
 * the image where there is one): the runtime stage's user, flags, cache and health check, the
 * Compose file's wiring, and that the engine warm-up program compiles and runs against the DJL this
 * build uses.
 */
class DockerFilesTest {

  static final Path DOCKER = Path.of("docker");

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void theRuntimeStageRunsOfflineAsANonRootUserWithTheEngineInside(String file) throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve(file));
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

    if (file.equals("Dockerfile")) {
      assertThat(dockerfile)
          .as("Maven's repository in a BuildKit cache, never in a layer")
          .contains("RUN --mount=type=cache,target=/root/.m2 \\\n")
          .as("eclipse-temurin by default; other bases by build argument")
          .contains("ARG BUILD_IMAGE=eclipse-temurin:${JAVA_VERSION}-jdk")
          .contains("ARG RUNTIME_IMAGE=eclipse-temurin:${JAVA_VERSION}-jre")
          .contains("FROM ${BUILD_IMAGE} AS build")
          .doesNotContain("# syntax=");
      assertThat(runtime).startsWith("\nFROM ${RUNTIME_IMAGE}\n");
    } else {
      assertThat(dockerfile.indexOf("dependency:go-offline"))
          .as("dependencies cached in a layer before the sources are copied")
          .isPositive()
          .isLessThan(dockerfile.indexOf("COPY src src"));
    }
    assertThat(runtime)
        .contains("ENGINE_CACHE_DIR=/opt/djl")
        .contains("RESIDUAL_DATA_DIR=/data")
        .contains("SERVER_ADDRESS=0.0.0.0")
        .contains("VOLUME [\"/data\"]")
        .contains("/actuator/health/liveness")
        .contains("\"-XX:+ExitOnOutOfMemoryError\"")
        .contains("\"-Dai.djl.offline=true\"");
    assertThat(runtime.indexOf("EngineWarmUp"))
        .as("the engine is extracted while building, before the switch to the service's user")
        .isPositive()
        .isLessThan(runtime.indexOf("\nUSER "));
    assertThat(runtime.lines().filter(l -> l.startsWith("USER ")).toList())
        .containsExactly("USER 10001:10001");
    assertThat(Files.readString(DOCKER.resolve(file + ".dockerignore")))
        .contains("!docker/EngineWarmUp.java")
        .contains("!src/main/**");
  }

  @Test
  void theCudaVariantNamesTheRepositoryItNeeds() throws IOException {
    String cuda = Files.readString(DOCKER.resolve("Dockerfile.cuda"));
    assertThat(cuda)
        .contains("ARG MAVEN_REPOSITORY")
        .contains("pytorch-native-${PYTORCH_FLAVOR}")
        .contains("rm extracted/dependencies/lib/pytorch-native-cpu-");
  }

  @Test
  void composeRunsTwoReplicasWithTokensOnPostgresql() throws IOException {
    Map<String, Object> compose =
        new Yaml(new LoaderOptions()).load(Files.readString(DOCKER.resolve("compose.yaml")));
    assertThat(compose)
        .as("no top-level name: Compose v1 (Debian's docker-compose) rejects it")
        .doesNotContainKey("name");
    Map<String, Object> services = at(compose, "services");
    assertThat(services).containsOnlyKeys("residual-1", "residual-2", "postgres");
    for (String replica : List.of("residual-1", "residual-2")) {
      Map<String, Object> residual = at(services, replica);
      Map<String, String> env = at(residual, "environment");
      assertThat(env)
          .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/residual")
          .containsEntry("RESIDUAL_SECURITY_TOKENS_0_ROLE", "admin");
      assertThat(env.get("RESIDUAL_SECURITY_TOKENS_0_TOKEN"))
          .as("compose refuses to start without a token")
          .startsWith("${RESIDUAL_ADMIN_TOKEN:?");
      assertThat((String) at(residual, "build.dockerfile")).isEqualTo("docker/Dockerfile");
      assertThat((String) at(residual, "hostname")).as("its instance id").isEqualTo(replica);
      assertThat((List<String>) at(residual, "volumes")).containsExactly("residual-data:/data");
      assertThat((Boolean) at(residual, "read_only")).isTrue();
      assertThat((String) at(residual, "tmpfs[0]")).startsWith("/tmp");
      assertThat((String) at(residual, "depends_on.postgres.condition"))
          .isEqualTo("service_healthy");
    }
    assertThat((List<String>) at(services, "residual-1.ports"))
        .containsExactly("127.0.0.1:${RESIDUAL_PORT:-8080}:8080");
    assertThat((List<String>) at(services, "residual-2.ports"))
        .containsExactly("127.0.0.1:${RESIDUAL_PORT_2:-8081}:8080");
    assertThat((Object) at(compose, "services.postgres.healthcheck")).isNotNull();
  }

  @Test
  void theWarmUpProgramCompilesAndLoadsTheEngine(@TempDir Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            DOCKER.resolve("EngineWarmUp.java").toString());
    assertThat(status).isZero();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("EngineWarmUp").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[0]);
    }
  }
}

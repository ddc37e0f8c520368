package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code openapi.yaml} at the repository root is the published contract: this test fails when it
 * differs from what the running service documents. To refresh it after an intended API change, run
 * {@code ./mvnw -q test -Dtest=OpenApiContractTest -Dresidual.openapi.update=true} (the test then
 * rewrites the file) and review the diff.
 */
@ResidualIntegrationTest
class OpenApiContractTest {

  static final Path CONTRACT = Path.of("openapi.yaml");

  @LocalServerPort int port;

  @Test
  void publishedContractMatchesTheRunningService() throws IOException {
    var response = new Http(port).get("/v3/api-docs");
    assertThat(response.statusCode()).isEqualTo(200);
    Yaml yaml = new Yaml();
    Map<String, Object> actual = yaml.load(response.body());
    if (Boolean.getBoolean("residual.openapi.update")) {
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      options.setWidth(110);
      Files.writeString(CONTRACT, new Yaml(options).dump(actual));
    }
    assertThat(CONTRACT).as("openapi.yaml at the repository root").exists();
    Map<String, Object> published = yaml.load(Files.readString(CONTRACT));
    assertThat(published)
        .as(
            "openapi.yaml differs from what the service documents; refresh it with"
                + " ./mvnw test -Dtest=OpenApiContractTest -Dresidual.openapi.update=true and"
                + " review the diff")
        .isEqualTo(actual);
  }
}

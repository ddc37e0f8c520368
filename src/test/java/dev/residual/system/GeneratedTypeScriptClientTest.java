package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client that openapi-generator's {@code typescript-fetch} makes from the committed
 * {@code openapi.yaml} (the build generates it before the tests) compiles with {@code tsc --noEmit}
 * in strict mode, without a single error.
 */
class GeneratedTypeScriptClientTest {

  static final Path CLIENT =
      Path.of(System.getProperty("residual.clients.dir", "target/generated-clients"), "typescript");

  static final String TSCONFIG =
      """
      {
        "compilerOptions": {
          "target": "ES2020",
          "module": "ES2020",
          "moduleResolution": "bundler",
          "lib": ["ES2020", "DOM"],
          "strict": true,
          "noEmit": true,
          "skipLibCheck": true
        },
        "include": ["**/*.ts"]
      }
      """;

  @Test
  void compilesWithoutErrors() throws Exception {
    Path tsc = NodeTools.require("tsc").toAbsolutePath();
    assertThat(CLIENT.resolve("index.ts"))
        .as("the generated client (mvn generate-test-sources)")
        .exists();
    assertThat(CLIENT.resolve("apis/TrainingJobsApi.ts")).exists();
    Files.writeString(CLIENT.resolve("tsconfig.json"), TSCONFIG);

    NodeTools.Result result = NodeTools.run(CLIENT, List.of(tsc.toString(), "-p", "tsconfig.json"));

    assertThat(result.output()).as("tsc output").doesNotContain("error TS");
    assertThat(result.exitCode()).as("tsc exit code; output:%n%s", result.output()).isZero();
  }
}

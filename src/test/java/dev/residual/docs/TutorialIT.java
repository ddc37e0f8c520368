package dev.residual.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.ResidualIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's tutorial is {@code docs/tutorial.sh}, word for word, and it works: the script runs
 * against the started service (its real defaults, real Fashion-MNIST) and prints what the README
 * says it prints.
 */
@ResidualIntegrationTest
class TutorialIT {

  static final Path SCRIPT = Path.of("docs", "tutorial.sh");
  private static final Pattern BLOCK =
      Pattern.compile(
          "<!-- tutorial:begin -->\\s*```bash\\n(.*?)```\\s*<!-- tutorial:end -->", Pattern.DOTALL);

  @LocalServerPort int port;

  @Test
  void theReadmeShowsTheScriptAsItIs() throws IOException {
    Matcher block = BLOCK.matcher(Files.readString(Path.of("README.md")));
    assertThat(block.find()).as("README.md has the tutorial block between its markers").isTrue();
    String script = Files.readString(SCRIPT);
    String body = script.substring(script.indexOf("BASE=${BASE"));
    assertThat(block.group(1)).as("README's tutorial block is docs/tutorial.sh").isEqualTo(body);
  }

  @Test
  void theTutorialRunsAgainstTheService() throws Exception {
    Path output = Files.createTempFile("tutorial", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", SCRIPT.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("BASE", "http://127.0.0.1:" + port);
    Process process = builder.start();
    boolean ended = process.waitFor(15, TimeUnit.MINUTES);
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the tutorial ended; it printed %s", lines).isTrue();
    assertThat(process.exitValue()).as("exit status; it printed %s", lines).isZero();
    assertThat(lines).first().isEqualTo("ready");
    assertThat(lines.get(1)).matches("job [0-9a-f-]{36}");
    assertThat(lines).anyMatch(l -> l.startsWith("data:{\"epoch\":1,"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("data:{") && l.contains("\"status\":\"SUCCEEDED\""));
    List<String> predictions = lines.stream().filter(l -> l.startsWith("{\"label\":")).toList();
    assertThat(predictions).as("three classes, most probable first").hasSize(3);
  }
}

package dev.residual.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/**
 * README's endpoint table against the contract and the running service: it lists exactly the
 * operations of {@code openapi.yaml}, and the role it names for each is the least one the service
 * lets through (a predictor's token is refused with 403 exactly where the table says trainer).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.security.tokens[0].name=docs-predictor",
      "residual.security.tokens[0].role=predictor",
      "residual.security.tokens[0].token=" + EndpointTableIT.PREDICTOR
    })
class EndpointTableIT {

  static final String PREDICTOR = "predictor-token-for-the-endpoint-table";
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| (GET|POST|PUT|PATCH|DELETE) \\| `(/[^`]*)` \\| (admin|trainer|predictor) \\| .+\\|$");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @LocalServerPort int port;

  @Test
  void theTableListsEveryOperationOfTheContract() throws IOException {
    assertThat(table().keySet()).isEqualTo(contract());
  }

  @Test
  void eachRowNamesTheLeastRoleTheServiceAccepts() throws IOException {
    Http http = new Http(port);
    for (Map.Entry<String, String> row : table().entrySet()) {
      String[] operation = row.getKey().split(" ", 2);
      String path =
          operation[1]
              .replaceAll("\\{version}", "1")
              .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
      HttpRequest request =
          HttpRequest.newBuilder(http.uri(path))
              .method(operation[0], HttpRequest.BodyPublishers.noBody())
              .header("Authorization", "Bearer " + PREDICTOR)
              .header("Accept", "application/json")
              .build();
      HttpResponse<String> response = http.send(request);
      if (row.getValue().equals("predictor")) {
        assertThat(response.statusCode())
            .as("%s with a predictor's token", row.getKey())
            .isNotIn(401, 403);
      } else {
        assertThat(response.statusCode())
            .as("%s with a predictor's token", row.getKey())
            .isEqualTo(403);
      }
    }
  }

  /** "METHOD /path" → role, from README's table under "## Endpoints". */
  static Map<String, String> table() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int at = lines.indexOf("## Endpoints");
    assertThat(at).as("README.md has a section ## Endpoints").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      Matcher row = ROW.matcher(lines.get(i));
      if (row.matches()) {
        String key = row.group(1) + " " + row.group(2);
        assertThat(rows.put(key, row.group(3))).as("a second row for %s", key).isNull();
      }
    }
    assertThat(rows).as("rows of README's endpoint table").isNotEmpty();
    return rows;
  }

  /** "METHOD /path" of every operation in openapi.yaml. */
  @SuppressWarnings("unchecked")
  static Set<String> contract() throws IOException {
    Map<String, Object> document = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
    Set<String> operations = new TreeSet<>();
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document.get("paths");
    paths.forEach(
        (path, item) ->
            item.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
    return operations;
  }
}

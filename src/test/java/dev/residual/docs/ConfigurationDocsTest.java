package dev.residual.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md documents every {@code residual.*} key: the keys are read from the metadata
 * that Spring Boot's configuration processor writes for the {@code @ConfigurationProperties}
 * records, so a new key without a row fails the build, and so does a row for a key that no longer
 * exists.
 */
class ConfigurationDocsTest {

  static final Path PAGE = Path.of("docs", "configuration.md");
  private static final Pattern KEY_IN_ROW =
      Pattern.compile("^\\| `(residual\\.[a-z0-9.\\-\\[\\]]+)`");

  @Test
  void everyConfigurationKeyHasARow() throws IOException {
    Set<String> documented = documentedKeys();
    assertThat(documented).as("keys with a row in %s", PAGE).containsAll(declaredKeys());
  }

  @Test
  void everyRowNamesAKeyThatExists() throws IOException {
    Set<String> declared = declaredKeys();
    assertThat(declared).as("keys of the @ConfigurationProperties records").isNotEmpty();
    assertThat(declared).containsAll(documentedKeys());
  }

  static Set<String> declaredKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (InputStream in =
        ConfigurationDocsTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in)
          .as("configuration metadata from spring-boot-configuration-processor")
          .isNotNull();
      JsonNode metadata = JsonMapper.builder().build().readTree(in);
      for (JsonNode property : metadata.get("properties")) {
        String name = property.get("name").asString();
        if (name.startsWith("residual.")) {
          keys.add(name);
        }
      }
    }
    return keys;
  }

  static Set<String> documentedKeys() throws IOException {
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(PAGE)) {
      Matcher row = KEY_IN_ROW.matcher(line);
      if (row.find()) {
        keys.add(row.group(1));
      }
    }
    return new TreeSet<>(keys);
  }
}

package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/training.md's request tables against the code: every field of a training-job and an LR-finder
 * request has a row, and every default the page states as a value is the one the service fills
 * in (per optimizer where the page gives one per optimizer).
 */
class ReadmeDefaultsTest {

  private static final Path README = Path.of("docs", "training.md");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> OPTIMIZERS = List.of("nesterov", "sgd", "adamw");
  private static final Pattern NAME = Pattern.compile("`([a-zA-Z.]+)`");
  private static final Pattern NUMBER = Pattern.compile("^(-?\\d[\\d.]*(?:e-?\\d+)?)(?:\\s.*)?$");
  private static final Pattern LITERAL = Pattern.compile("^`([a-z-]+)`$");
  private static final Pattern PER_OPTIMIZER =
      Pattern.compile("([a-z]+(?: and [a-z]+)*): (-?\\d[\\d.]*(?:e-?\\d+)?)");

  @Test
  void theJobRequestTableMatchesTheRecordAndItsDefaults() throws IOException {
    Map<String, String> rows = table("## The job request");
    assertThat(rows.keySet()).containsAll(fields(TrainingJobRequest.class, "augment"));
    int checked =
        checkDefaults(
            rows,
            optimizer ->
                JSON.valueToTree(
                    TrainingDefaults.apply(
                        new TrainingJobRequest(
                            "fashion-mnist", "resnet18", 5, null, null, optimizer, null, null,
                            null, null, null, null, null, null, null, null, null, null, null, null,
                            null),
                        28)));
    assertThat(checked).as("rows whose default is a value").isGreaterThanOrEqualTo(17);
  }

  @Test
  void theLrFinderTableMatchesTheRecordAndItsDefaults() throws IOException {
    Map<String, String> rows = table("## Finding a learning rate");
    assertThat(rows.keySet()).containsAll(fields(LrFinderRequest.class, null));
    int checked =
        checkDefaults(
            rows,
            optimizer ->
                JSON.valueToTree(
                    LrFinderDefaults.apply(
                        new LrFinderRequest(
                            "fashion-mnist", "resnet18", null, null, null, null, optimizer, null,
                            null, null, null),
                        28)));
    assertThat(checked).as("rows whose default is a value").isGreaterThanOrEqualTo(7);
  }

  /** The request's field names; a nested record's as {@code name.field}. */
  private static List<String> fields(Class<? extends Record> type, String nested) {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals(nested)) {
        for (RecordComponent inner : component.getType().getRecordComponents()) {
          names.add(nested + "." + inner.getName());
        }
      } else {
        names.add(component.getName());
      }
    }
    return names;
  }

  /**
   * Checks every row whose default is a number, a single literal, or one number per optimizer.
   *
   * @return how many values were compared
   */
  private static int checkDefaults(Map<String, String> rows, Function<String, JsonNode> resolve) {
    int checked = 0;
    JsonNode defaults = resolve.apply(null);
    for (Map.Entry<String, String> row : rows.entrySet()) {
      String field = row.getKey();
      String cell = row.getValue();
      Matcher number = NUMBER.matcher(cell);
      Matcher literal = LITERAL.matcher(cell);
      Matcher perOptimizer = PER_OPTIMIZER.matcher(cell);
      if (number.matches()) {
        assertNumber(field, at(defaults, field), number.group(1));
        checked++;
      } else if (literal.matches()) {
        assertThat(at(defaults, field).asString()).as("README default of %s", field)
            .isEqualTo(literal.group(1));
        checked++;
      } else {
        while (perOptimizer.find()) {
          for (String optimizer : perOptimizer.group(1).split(" and ")) {
            assertThat(OPTIMIZERS).as("optimizer named for %s", field).contains(optimizer);
            assertNumber(
                field + " with " + optimizer,
                at(resolve.apply(optimizer), field),
                perOptimizer.group(2));
            checked++;
          }
        }
      }
    }
    return checked;
  }

  private static void assertNumber(String what, JsonNode actual, String documented) {
    assertThat(actual.isNumber()).as("%s is a number: %s", what, actual).isTrue();
    assertThat(actual.asDouble())
        .as("README default of %s", what)
        .isEqualTo(Double.parseDouble(documented));
  }

  private static JsonNode at(JsonNode node, String dotted) {
    JsonNode current = node;
    for (String part : dotted.split("\\.")) {
      current = current.path(part);
    }
    assertThat(current.isMissingNode()).as("%s in the resolved request", dotted).isFalse();
    return current;
  }

  /** The first {@code | field | default | range |} table after {@code heading}: name → default. */
  private static Map<String, String> table(String heading) throws IOException {
    List<String> lines = Files.readAllLines(README);
    int at = lines.indexOf(heading);
    assertThat(at).as("%s has %s", README, heading).isNotNegative();
    while (!lines.get(at).startsWith("| field | default |")) {
      at++;
    }
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\s*\\|\\s*");
      // cells[0] is the empty text before the first bar.
      Matcher names = NAME.matcher(cells[1]);
      while (names.find()) {
        rows.put(names.group(1), cells[2].trim());
      }
    }
    assertThat(rows).as("rows of the table after %s", heading).isNotEmpty();
    return rows;
  }
}

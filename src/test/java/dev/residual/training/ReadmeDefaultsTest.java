package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.training.runner.TrainingSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * Every copy of a default or a limit against its one home ({@code Hyperparameters}, applied by
 * {@link TrainingDefaults}): docs/training.md's request tables (every field has a row, every
 * default stated as a value is the one the service fills in, per optimizer where the page gives one
 * per optimizer, every numeric range is the validation's), the API descriptions in openapi.yaml,
 * the validation annotations, and the runner's {@link TrainingSettings.Builder} defaults and
 * checks.
 */
class ReadmeDefaultsTest {

  private static final Path README = Path.of("docs", "training.md");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> OPTIMIZERS = List.of("nesterov", "sgd", "adamw");
  private static final Pattern NAME = Pattern.compile("`([a-zA-Z.]+)`");
  private static final Pattern NUMBER = Pattern.compile("^(-?\\d[\\d.]*(?:e-?\\d+)?)(?:\\s.*)?$");
  private static final Pattern LITERAL = Pattern.compile("^`([a-z-]+)`$");

  /** A range cell that starts with two numbers, {@code 1–1000} or {@code (0, 10]}. */
  private static final Pattern RANGE =
      Pattern.compile("^[(\\[]?(\\d[\\d.]*)(?:–|, )(\\d[\\d.]*)[)\\]]?(?:\\s|:|$)");

  /** An API description's stated default: {@code Default 128}. */
  private static final Pattern API_DEFAULT = Pattern.compile("Default (\\d[\\d.]*(?:e-?\\d+)?)\\b");

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
                            "fashion-mnist",
                            "resnet18",
                            5,
                            null,
                            null,
                            optimizer,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
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
                            "fashion-mnist",
                            "resnet18",
                            null,
                            null,
                            null,
                            null,
                            optimizer,
                            null,
                            null,
                            null,
                            null),
                        28)));
    assertThat(checked).as("rows whose default is a value").isGreaterThanOrEqualTo(7);
  }

  @Test
  void theReadmeRangesAreTheValidationLimits() throws IOException {
    Map<String, String> ranges = column("## The job request", 3);
    int checked = 0;
    for (RecordComponent component : TrainingJobRequest.class.getRecordComponents()) {
      Matcher range = RANGE.matcher(ranges.getOrDefault(component.getName(), ""));
      if (!range.find()) {
        continue;
      }
      assertThat(lower(component))
          .as("documented lower bound of %s", component.getName())
          .isEqualTo(Double.parseDouble(range.group(1)));
      assertThat(upper(component))
          .as("documented upper bound of %s", component.getName())
          .isEqualTo(Double.parseDouble(range.group(2)));
      checked++;
    }
    assertThat(checked).as("fields with a numeric range").isGreaterThanOrEqualTo(6);
  }

  @Test
  void theApiDescriptionsStateTheAppliedDefaults() throws IOException {
    Object contract = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("openapi.yaml")));
    JsonNode schemas = JSON.valueToTree(contract).path("components").path("schemas");
    JsonNode applied = JSON.valueToTree(TrainingDefaults.apply(minimal("nesterov"), 28));
    int checked = 0;
    for (String schema : List.of("TrainingJobRequest", "LrFinderRequest")) {
      JsonNode properties = schemas.path(schema).path("properties");
      assertThat(properties.isObject()).as("%s in openapi.yaml", schema).isTrue();
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        Matcher stated = API_DEFAULT.matcher(property.getValue().path("description").asString(""));
        if (stated.find() && applied.has(property.getKey())) {
          assertNumber(
              schema + "." + property.getKey() + " in openapi.yaml",
              applied.get(property.getKey()),
              stated.group(1));
          checked++;
        }
      }
    }
    assertThat(checked).as("API descriptions stating a default").isGreaterThanOrEqualTo(5);
  }

  @Test
  void theRunnersBuilderDefaultsAreTheServiceDefaults() {
    TrainingJobRequest service = TrainingDefaults.apply(minimal(null), 28);
    TrainingSettings library = TrainingSettings.builder().setEpochs(5).setLearningRate(0.1).build();

    assertThat(library.batchSize()).isEqualTo(service.batchSize());
    assertThat(library.optimizer().wireName()).isEqualTo(service.optimizer());
    assertThat(library.weightDecay()).isEqualTo(service.weightDecay());
    assertThat(library.labelSmoothing()).isEqualTo(service.labelSmoothing());
    assertThat(library.schedule().wireName()).isEqualTo(service.schedule());
    assertThat(library.pctStart()).isEqualTo(service.pctStart());
    assertThat(library.divFactor()).isEqualTo(service.divFactor());
    assertThat(library.finalDivFactor()).isEqualTo(service.finalDivFactor());
    assertThat(library.mixupAlpha()).isEqualTo(service.mixup());
  }

  @Test
  void theRunnersSettingsAcceptExactlyWhatTheRequestValidationAccepts() throws Exception {
    Map<String, Function<Double, TrainingSettings.Builder>> settings = new LinkedHashMap<>();
    settings.put("epochs", v -> base().setEpochs(v.intValue()));
    settings.put("batchSize", v -> base().optBatchSize(v.intValue()));
    settings.put("learningRate", v -> base().setLearningRate(v));
    settings.put("weightDecay", v -> base().optWeightDecay(v));
    settings.put("imageSize", v -> base().optImageSize(v.intValue()));
    settings.put("labelSmoothing", v -> base().optLabelSmoothing(v));
    settings.put("divFactor", v -> base().optDivFactor(v));
    settings.put("finalDivFactor", v -> base().optFinalDivFactor(v));
    settings.put("mixup", v -> base().optMixup(v));
    for (Map.Entry<String, Function<Double, TrainingSettings.Builder>> field :
        settings.entrySet()) {
      RecordComponent component = component(field.getKey());
      double max = upper(component);
      double step = component.getType() == Integer.class ? 1 : Math.ulp(max) * 4;
      assertThat(field.getValue().apply(max).build())
          .as("%s at its maximum", field.getKey())
          .isNotNull();
      assertThatThrownBy(() -> field.getValue().apply(max + step).build())
          .as("%s above its maximum", field.getKey())
          .isInstanceOf(IllegalArgumentException.class);
    }
    double minSize = lower(component("imageSize"));
    assertThat(base().optImageSize((int) minSize).build()).isNotNull();
    assertThatThrownBy(() -> base().optImageSize((int) minSize - 1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static TrainingSettings.Builder base() {
    return TrainingSettings.builder().setEpochs(1).setLearningRate(0.1);
  }

  private static TrainingJobRequest minimal(String optimizer) {
    return new TrainingJobRequest(
        "fashion-mnist",
        "resnet18",
        5,
        null,
        null,
        optimizer,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static RecordComponent component(String name) {
    for (RecordComponent component : TrainingJobRequest.class.getRecordComponents()) {
      if (component.getName().equals(name)) {
        return component;
      }
    }
    throw new AssertionError("no field " + name);
  }

  private static double lower(RecordComponent c) {
    Min min = c.getAccessor().getAnnotation(Min.class);
    DecimalMin decimal = c.getAccessor().getAnnotation(DecimalMin.class);
    Min field = annotationOnField(c, Min.class);
    DecimalMin decimalField = annotationOnField(c, DecimalMin.class);
    if (min != null || field != null) {
      return (min != null ? min : field).value();
    }
    DecimalMin d = decimal != null ? decimal : decimalField;
    assertThat(d).as("a lower bound on %s", c.getName()).isNotNull();
    return Double.parseDouble(d.value());
  }

  private static double upper(RecordComponent c) {
    Max max = annotationOnField(c, Max.class);
    if (max != null) {
      return max.value();
    }
    DecimalMax decimal = annotationOnField(c, DecimalMax.class);
    assertThat(decimal).as("an upper bound on %s", c.getName()).isNotNull();
    return Double.parseDouble(decimal.value());
  }

  private static <A extends java.lang.annotation.Annotation> A annotationOnField(
      RecordComponent c, Class<A> type) {
    A onComponent = c.getAnnotation(type);
    if (onComponent != null) {
      return onComponent;
    }
    try {
      return c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(type);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
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
        assertThat(at(defaults, field).asString())
            .as("README default of %s", field)
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
    return column(heading, 2);
  }

  /** Cell {@code index} (2: default, 3: range) of each row of the table after {@code heading}. */
  private static Map<String, String> column(String heading, int index) throws IOException {
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
        rows.put(names.group(1), cells.length > index ? cells[index].trim() : "");
      }
    }
    assertThat(rows).as("rows of the table after %s", heading).isNotEmpty();
    return rows;
  }
}

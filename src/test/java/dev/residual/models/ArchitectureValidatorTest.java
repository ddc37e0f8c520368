package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

/** Every invalid spec or input is reported under the JSON path of the value at fault. */
class ArchitectureValidatorTest {

  private static final ArchitectureSpec RESNET18 = Architectures.named("resnet18").orElseThrow();

  static Stream<Arguments> invalidCases() {
    return Stream.of(
        invalid("no blocks", spec(null, null, null), "architecture.blocks"),
        invalid("empty blocks", spec(null, null, List.of()), "architecture.blocks"),
        invalid("zero blocks", spec(null, null, List.of(2, 0, 2, 2)), "architecture.blocks"),
        invalid("negative blocks", spec(null, null, List.of(2, -1, 2, 2)), "architecture.blocks"),
        invalid(
            "null blocks entry",
            spec(null, null, Arrays.asList(2, null, 2, 2)),
            "architecture.blocks"),
        invalid(
            "65 blocks in a stage", spec(null, null, List.of(2, 65, 2, 2)), "architecture.blocks"),
        invalid(
            "blocks and widths differ", spec(null, null, List.of(2, 2, 2)), "architecture.blocks"),
        invalid("zero width", spec(null, List.of(64, 0), List.of(2, 2)), "architecture.widths"),
        invalid(
            "width over 4096", spec(null, List.of(64, 4097), List.of(2, 2)), "architecture.widths"),
        invalid(
            "17 stages",
            spec(null, ones(17), ones(17)),
            "architecture.widths",
            "architecture.blocks"),
        invalid(
            "negative stem",
            spec(List.of(32, -32), null, List.of(2, 2, 2, 2)),
            "architecture.stem"),
        invalid(
            "stem over 1024",
            spec(List.of(32, 1025), null, List.of(2, 2, 2, 2)),
            "architecture.stem"),
        invalid(
            "bottleneck over 4096 channels",
            new ArchitectureSpec(
                null, List.of(64, 2048), List.of(1, 1), BlockType.BOTTLENECK, null, true),
            "architecture.block"),
        invalid(
            "absurd parameter count",
            spec(null, List.of(4096, 4096, 4096), List.of(64, 64, 64)),
            "architecture"));
  }

  @Test
  void emptyStemAndWidthsMeanTheDefaultsAsGeneratedClientsSendThem() {
    ArchitectureSpec spec = spec(List.of(), List.of(), List.of(2, 2, 2, 2));

    spec.validate(3, 64, 64, 10);
    assertThat(spec.stem()).isEqualTo(ArchitectureSpec.DEFAULT_STEM);
    assertThat(spec.widths()).isEqualTo(ArchitectureSpec.DEFAULT_WIDTHS);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("invalidCases")
  void invalidSpecNamesItsField(String description, ArchitectureSpec spec, List<String> fields) {
    DomainException e = rejected(() -> spec.validate(3, 64, 64, 10));

    assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(e.fieldErrors()).containsOnlyKeys(fields);
  }

  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        Arguments.of("no channels", null, 64, 64, 10, "inputShape"),
        Arguments.of("zero channels", 0, 64, 64, 10, "inputShape"),
        Arguments.of("17 channels", 17, 64, 64, 10, "inputShape"),
        Arguments.of("zero height", 3, 0, 64, 10, "inputShape"),
        Arguments.of("width over 1024", 3, 64, 1025, 10, "inputShape"),
        Arguments.of("height without width", 3, 64, null, 10, "inputShape"),
        Arguments.of("16 px for 5 stride-2 layers", 3, 16, 64, 10, "inputShape"),
        Arguments.of("no classes", 3, 64, 64, null, "numClasses"),
        Arguments.of("zero classes", 3, 64, 64, 0, "numClasses"),
        Arguments.of("100001 classes", 3, 64, 64, 100_001, "numClasses"));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("invalidInputs")
  void invalidInputNamesItsField(
      String description, Integer c, Integer h, Integer w, Integer classes, String field) {
    DomainException e = rejected(() -> RESNET18.validate(c, h, w, classes));

    assertThat(e.fieldErrors()).containsOnlyKeys(field);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ArchitectureSpec spec =
        new ArchitectureSpec(List.of(0), List.of(64, 9999), List.of(1, 0), null, null, true);

    DomainException e = rejected(() -> spec.validate(0, 64, 64, 0));

    assertThat(e.fieldErrors())
        .containsOnlyKeys(
            "architecture.stem",
            "architecture.widths",
            "architecture.blocks",
            "inputShape",
            "numClasses");
    assertThat(e.getMessage()).contains("architecture.widths: entries must be at most 4096");
  }

  @Test
  void tooSmallInputIsReportedBesideOtherProblems() {
    DomainException e = rejected(() -> RESNET18.validate(1, 16, 16, 0));

    assertThat(e.fieldErrors()).containsOnlyKeys("inputShape", "numClasses");
    assertThat(e.fieldErrors().get("inputShape")).contains("too small");
  }

  @Test
  void smallestInputLetsEveryStrideTwoLayerHalveAtLeastTwoPixels() {
    // resnet18: stem conv, max pool and three stage transitions halve the side 5 times.
    assertThatCode(() -> RESNET18.validate(1, 17, 17, 10)).doesNotThrowAnyException();
    assertThat(rejected(() -> RESNET18.validate(1, 17, 16, 10)).getMessage())
        .contains("at least 17 px");
    ArchitectureSpec oneStage = spec(null, List.of(16), List.of(1));
    assertThatCode(() -> oneStage.validate(1, 3, 3, 10)).doesNotThrowAnyException();
    assertThat(rejected(() -> oneStage.validate(1, 2, 3, 10)).fieldErrors())
        .containsOnlyKeys("inputShape");
  }

  @Test
  void namedArchitecturesAreValidForTheChapterInputs() {
    Architectures.named()
        .values()
        .forEach(
            spec -> {
              assertThatCode(() -> spec.validate(3, 224, 224, 1000)).doesNotThrowAnyException();
              assertThatCode(() -> spec.validate(1, 28, 28, 10)).doesNotThrowAnyException();
              assertThatCode(() -> spec.validate(3, null, null, 1000)).doesNotThrowAnyException();
            });
  }

  @Test
  void flattenHeadNeedsItsSizeAndRefusesAnother() {
    ArchitectureSpec flatten =
        new ArchitectureSpec(null, List.of(16, 32), List.of(1, 1), null, HeadType.FLATTEN, true);

    assertThat(rejected(() -> flatten.validate(1, null, null, 10)).fieldErrors())
        .containsOnlyKeys("inputShape");
    assertThatCode(() -> ArchitectureValidator.validateInput(flatten, 1, 28, 28, 1, 28, 28))
        .doesNotThrowAnyException();
    DomainException e =
        rejected(() -> ArchitectureValidator.validateInput(flatten, 1, 28, 28, 1, 32, 28));
    assertThat(e.fieldErrors()).containsOnlyKeys("inputShape");
    assertThat(e.getMessage()).contains("built for 28x28 inputs, got 32x28");
  }

  @Test
  void builtAvgpoolNetworkTakesOtherSizesButNotOtherChannels() {
    assertThatCode(() -> ArchitectureValidator.validateInput(RESNET18, 3, 224, 224, 3, 128, 160))
        .doesNotThrowAnyException();
    assertThat(
            rejected(() -> ArchitectureValidator.validateInput(RESNET18, 3, 224, 224, 1, 224, 224))
                .getMessage())
        .contains("takes 3 channels, got 1");
  }

  private static Arguments invalid(String description, ArchitectureSpec spec, String... fields) {
    return Arguments.of(description, spec, List.of(fields));
  }

  private static List<Integer> ones(int n) {
    return Collections.nCopies(n, 1);
  }

  private static ArchitectureSpec spec(
      List<Integer> stem, List<Integer> widths, List<Integer> blocks) {
    return new ArchitectureSpec(stem, widths, blocks, null, null, true);
  }

  private static DomainException rejected(Runnable validation) {
    DomainException e = catchThrowableOfType(DomainException.class, validation::run);
    assertThat(e).as("expected an DomainException").isNotNull();
    return e;
  }
}

package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.initializer.Initializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The five named ResNets have exactly the parameter counts of REFERENCE.md §1. */
class NamedArchitectureParameterCountTest {

  // Parameter counts do not depend on the input size of an avgpool network: a small one keeps
  // initialization cheap.
  private static final int SIDE = 32;

  @ParameterizedTest(name = "{0} c_in={1} classes={2}: {3}")
  @CsvSource({
    "resnet18, 3, 1000, 11708744",
    "resnet34, 3, 1000, 21816904",
    "resnet50, 3, 1000, 25576264",
    "resnet101, 3, 1000, 44568392",
    "resnet152, 3, 1000, 60212040",
    "resnet18, 1, 10, 11200298",
    "resnet34, 1, 10, 21308458",
    "resnet50, 1, 10, 23547178",
    "resnet101, 1, 10, 42539306",
    "resnet152, 1, 10, 58182954",
  })
  void djlBlockAndSummaryMatchTheReference(String name, int channels, int classes, long expected) {
    ArchitectureSpec spec = Architectures.named(name).orElseThrow();

    assertThat(initializedParameterCount(spec, channels, classes, SIDE, SIDE)).isEqualTo(expected);
    assertThat(ModelSummaries.of(spec, channels, 224, 224, classes).parameters())
        .isEqualTo(expected);
  }

  @Test
  void namesAreOrderedAndEqualToTheirSpecs() {
    assertThat(Architectures.named())
        .containsOnlyKeys("resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
    assertThat(Architectures.named().keySet())
        .containsExactly("resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
    assertThat(Architectures.named("resnet101"))
        .contains(
            new ArchitectureSpec(
                ArchitectureSpec.DEFAULT_STEM,
                ArchitectureSpec.DEFAULT_WIDTHS,
                List.of(3, 4, 23, 3),
                BlockType.BOTTLENECK,
                HeadType.AVGPOOL,
                true));
    assertThat(Architectures.named("resnet1000")).isEmpty();
    assertThat(Architectures.named((String) null)).isEmpty();
  }

  /** Builds, initializes and counts as PyTorch does (BatchNorm running statistics excluded). */
  static long initializedParameterCount(
      ArchitectureSpec spec, int channels, int classes, int height, int width) {
    Block block = ResNets.build(spec, channels, classes, height, width);
    // Zeros instead of random draws: the count is the same and 330 million draws are not free on
    // a shared CPU. InitializationTest covers the real initializers.
    block.setInitializer(Initializer.ZEROS, parameter -> true);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
      return ResNets.parameterCount(block);
    }
  }
}

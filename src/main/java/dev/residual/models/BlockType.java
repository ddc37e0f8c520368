package dev.residual.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The residual unit a ResNet stacks: two 3x3 convolutions, or the 1x1-3x3-1x1 bottleneck. */
public enum BlockType {
  BASIC(1),
  BOTTLENECK(4);

  private final int expansion;

  BlockType(int expansion) {
    this.expansion = expansion;
  }

  /** How much wider a block's output is than the stage width it is given (4 for bottleneck). */
  public int expansion() {
    return expansion;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the lowercase JSON name; the message lists the accepted names for the client. */
  @JsonCreator
  public static BlockType fromJson(String value) {
    return Arrays.stream(values())
        .filter(t -> t.json().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown block '" + value + "', expected one of " + names()));
  }

  private static String names() {
    return Arrays.stream(values()).map(BlockType::json).collect(Collectors.joining(", "));
  }
}

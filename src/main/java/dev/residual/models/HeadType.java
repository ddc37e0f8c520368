package dev.residual.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a ResNet turns its last feature map into class scores.
 *
 * <p>{@link #AVGPOOL} averages each channel first, so the network accepts any input size (what
 * progressive resizing relies on); {@link #FLATTEN} feeds every pixel to the linear layer, which
 * fixes the input size the network was built for.
 */
public enum HeadType {
  AVGPOOL,
  FLATTEN;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the lowercase JSON name; the message lists the accepted names for the client. */
  @JsonCreator
  public static HeadType fromJson(String value) {
    return Arrays.stream(values())
        .filter(t -> t.json().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown head '"
                        + value
                        + "', expected one of "
                        + Arrays.stream(values())
                            .map(HeadType::json)
                            .collect(Collectors.joining(", "))));
  }
}

package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseEmitterSinkTest {

  @Test
  void keepsSingleLineJsonAsItIs() {
    String json = "{\"note\":\"a\\nb\"}";

    assertThat(SseEmitterSink.singleLine(json)).isSameAs(json);
  }

  @Test
  void turnsRawLineBreaksOfPrettyPrintedJsonIntoSpaces() {
    assertThat(SseEmitterSink.singleLine("{\r\n  \"epoch\": 1\n}"))
        .isEqualTo("{    \"epoch\": 1 }")
        .doesNotContain("\n", "\r");
  }
}

package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class StreamingPropertiesTest {

  @Test
  void defaultsComeFromTheRecord() {
    StreamingProperties properties = bind(Map.of());

    assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(properties.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(properties.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(properties.maxStreams()).isEqualTo(256);
    assertThat(properties.pageSize()).isEqualTo(500);
    assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void bindsKebabCaseKeys() {
    StreamingProperties properties =
        bind(
            Map.of(
                "residual.streaming.poll-interval", "1s", "residual.streaming.max-streams", "3"));

    assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.maxStreams()).isEqualTo(3);
  }

  @Test
  void rejectsLimitsThatWouldStopStreaming() {
    assertThatThrownBy(() -> bind(Map.of("residual.streaming.heartbeat", "0s")))
        .hasRootCauseMessage("residual.streaming.heartbeat must be positive");
    assertThatThrownBy(() -> bind(Map.of("residual.streaming.max-streams", "0")))
        .hasRootCauseMessage("residual.streaming.max-streams must be at least 1");
  }

  private static StreamingProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("residual.streaming", StreamingProperties.class);
  }
}

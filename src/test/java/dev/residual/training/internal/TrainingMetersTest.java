package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.residual.models.Architectures;
import dev.residual.training.runner.BatchProgress;
import dev.residual.training.runner.TrainingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training images counter of every architecture tag is there at 0 before any run, so that a
 * scraper sees the first run's images as an increase rather than a series born at its final value.
 */
class TrainingMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TrainingMeters meters = new TrainingMeters(registry, mock(JobRepository.class));

  @Test
  void everyArchitectureTagCountsImagesFromZeroBeforeItsFirstRun() {
    List<String> tags = new ArrayList<>(Architectures.named().keySet());
    tags.add(TrainingMeters.CUSTOM);

    assertThat(registry.find("residual.training.images").counters())
        .extracting(c -> c.getId().getTag("architecture"))
        .containsExactlyInAnyOrderElementsOf(tags);
    assertThat(registry.find("residual.training.images").counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());

    TrainingListener run = meters.run(Map.of("widths", List.of(16)), 32);
    run.onBatch(new BatchProgress(1, 1, 2, 2.3, 2.3, 0.01, 100, 0.5, 1));
    run.onBatch(new BatchProgress(1, 2, 2, 2.2, 2.25, 0.01, 100, 1, 0));

    Counter custom =
        registry.get("residual.training.images").tag("architecture", "custom").counter();
    assertThat(custom.count()).isEqualTo(64);
    assertThat(
            registry
                .get("residual.training.images")
                .tag("architecture", "resnet18")
                .counter()
                .count())
        .isZero();
    assertThat(registry.find("residual.training.images").counters()).hasSize(tags.size());
  }
}

package dev.residual.checkpoints;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** How long writing a checkpoint archive takes (fsync included) and how large archives are. */
@Component
class CheckpointMeters {

  private static final long MIB = 1L << 20;

  private final Timer writes;
  private final DistributionSummary sizes;

  CheckpointMeters(MeterRegistry registry) {
    this.writes =
        Timer.builder("residual.checkpoint.write")
            .description("Time to write and fsync one checkpoint archive")
            .serviceLevelObjectives(
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120))
            .register(registry);
    this.sizes =
        DistributionSummary.builder("residual.checkpoint")
            .description("Size of one checkpoint archive")
            .baseUnit("bytes")
            .serviceLevelObjectives(
                MIB,
                4 * MIB,
                16 * MIB,
                64 * MIB,
                128 * MIB,
                256 * MIB,
                512 * MIB,
                1024 * MIB,
                2048 * MIB)
            .register(registry);
  }

  void written(long nanos, long bytes) {
    writes.record(Duration.ofNanos(nanos));
    sizes.record(bytes);
  }
}

package dev.residual.checkpoints;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Checkpoint settings, all under {@code residual.checkpoints}.
 *
 * @param keepLast how many of a job's most recent checkpoints retention keeps besides its best; the
 *     default for callers of {@link CheckpointStore#applyRetention}
 * @param maxMetadataSize the largest {@code metadata.json} read; a larger one marks a damaged or
 *     hostile archive rather than a real description
 * @param maxEntrySize the largest payload an archive may declare; ResNet-152 with Adam state is
 *     under 1 GB, so anything beyond this is treated as an absurd size
 * @param orphanGrace files without a row are deleted at start-up only once they are this old, so
 *     that another instance sharing the directory can finish a save it is recording right now
 */
@ConfigurationProperties("residual.checkpoints")
public record CheckpointProperties(
    @DefaultValue("3") int keepLast,
    @DefaultValue("1MB") DataSize maxMetadataSize,
    @DefaultValue("4GB") DataSize maxEntrySize,
    @DefaultValue("1m") Duration orphanGrace) {

  public CheckpointProperties {
    if (keepLast < 1) {
      throw new IllegalArgumentException("residual.checkpoints.keep-last must be at least 1");
    }
    if (maxMetadataSize == null || maxMetadataSize.toBytes() < 1) {
      throw new IllegalArgumentException("residual.checkpoints.max-metadata-size must be positive");
    }
    if (maxEntrySize == null || maxEntrySize.toBytes() < 1) {
      throw new IllegalArgumentException("residual.checkpoints.max-entry-size must be positive");
    }
    if (orphanGrace == null || orphanGrace.isNegative()) {
      throw new IllegalArgumentException("residual.checkpoints.orphan-grace must not be negative");
    }
  }
}

package dev.residual.datasets;

import dev.residual.datasets.images.ImageStats;
import java.time.Instant;
import java.util.List;

/** One row of the {@code dataset} registry: an image-folder dataset ready to train on. */
public record DatasetRecord(
    String name,
    DatasetSource source,
    String origin,
    String layout,
    List<String> classes,
    int trainSize,
    int validSize,
    int skippedFiles,
    int imageSize,
    ImageStats imageStats,
    Normalization normalization,
    Instant createdAt) {

  public static final String KIND = "image-folder";

  public DatasetRecord {
    classes = List.copyOf(classes);
  }
}

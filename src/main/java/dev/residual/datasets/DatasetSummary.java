package dev.residual.datasets;

import dev.residual.datasets.images.ImageStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the catalog knows about one dataset without loading it. {@code source} and {@code location}
 * are null unless the dataset is {@link DatasetStatus#AVAILABLE}; {@code details} is null for the
 * built-in IDX datasets and for archives not downloaded yet.
 */
public record DatasetSummary(
    String name,
    String kind,
    DatasetStatus status,
    List<String> classes,
    List<Integer> imageShape,
    int trainSize,
    int validSize,
    DatasetSource source,
    Path location,
    Details details) {

  public DatasetSummary {
    classes = List.copyOf(classes);
    imageShape = List.copyOf(imageShape);
  }

  /** A summary without registry details. */
  public DatasetSummary(
      String name,
      String kind,
      DatasetStatus status,
      List<String> classes,
      List<Integer> imageShape,
      int trainSize,
      int validSize,
      DatasetSource source,
      Path location) {
    this(name, kind, status, classes, imageShape, trainSize, validSize, source, location, null);
  }

  /**
   * What the registry records about an image-folder dataset.
   *
   * @param layout {@code split} or {@code class-folders}
   * @param skippedFiles files that were not images
   * @param imageStats sizes of the original images
   * @param normalization per-channel mean and std of the cached training images
   * @param origin the upload's file name, the server folder or the download URL
   * @param createdAt when it was registered
   */
  public record Details(
      String layout,
      int skippedFiles,
      ImageStats imageStats,
      Normalization normalization,
      String origin,
      Instant createdAt) {}
}

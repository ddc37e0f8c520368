package dev.residual.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * What the catalog knows about one dataset without loading it. {@code source} and {@code location}
 * are null unless the dataset is {@link DatasetStatus#AVAILABLE}.
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
    Path location) {

  public DatasetSummary {
    classes = List.copyOf(classes);
    imageShape = List.copyOf(imageShape);
  }
}

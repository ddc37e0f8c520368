package dev.residual.datasets.idx;

import java.net.URI;
import java.util.List;

/**
 * A built-in IDX dataset: class names (index = label), the upstream directory its four files are
 * downloaded from, and the files themselves. The validation split is the official test set.
 */
public record IdxDatasetSpec(
    String name,
    List<String> classes,
    URI baseUrl,
    IdxFileSpec trainImages,
    IdxFileSpec trainLabels,
    IdxFileSpec validImages,
    IdxFileSpec validLabels) {

  public IdxDatasetSpec {
    classes = List.copyOf(classes);
  }

  public List<IdxFileSpec> files() {
    return List.of(trainImages, trainLabels, validImages, validLabels);
  }

  public int trainSize() {
    return trainImages.count();
  }

  public int validSize() {
    return validImages.count();
  }

  /** {@code [channels, height, width]} of one image: IDX images are single-channel. */
  List<Integer> imageShape() {
    int[] dims = trainImages.dimensions();
    return List.of(1, dims[1], dims[2]);
  }
}

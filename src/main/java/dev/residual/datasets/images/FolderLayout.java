package dev.residual.datasets.images;

import java.nio.file.Path;
import java.util.List;

/**
 * The images of a folder dataset and their classes, split into training and validation: how a
 * folder of folders becomes a labelled dataset. {@code layout} is {@code split} for {@code
 * train/<class>} with {@code val/}, {@code valid/} or {@code test/}, or {@code class-folders} for
 * {@code <class>/} split at random with a fixed seed. {@code skipped} counts files that are not
 * images.
 */
public record FolderLayout(
    Path root,
    String layout,
    List<String> classes,
    List<Item> train,
    List<Item> valid,
    int skipped) {

  /** One image file, shown by its path relative to the dataset root, and its class index. */
  public record Item(Path file, String shown, int label) {}

  public FolderLayout {
    classes = List.copyOf(classes);
    train = List.copyOf(train);
    valid = List.copyOf(valid);
  }
}

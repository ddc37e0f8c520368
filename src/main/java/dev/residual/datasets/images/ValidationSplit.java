package dev.residual.datasets.images;

import dev.residual.datasets.archive.Rejections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sets a seeded random share of each class aside for validation, for folders that come without a
 * validation split. Per class (stratified), so that a small class is not left out of validation by
 * chance; the seed makes the split the same every time the folder is read.
 */
final class ValidationSplit {

  private final double fraction;
  private final long seed;

  ValidationSplit(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("valid-fraction must be between 0 and 1");
    }
    this.fraction = fraction;
    this.seed = seed;
  }

  FolderLayout apply(
      Path root, List<String> classes, List<List<FolderLayout.Item>> perClass, int skipped) {
    List<FolderLayout.Item> train = new ArrayList<>();
    List<FolderLayout.Item> valid = new ArrayList<>();
    for (int label = 0; label < perClass.size(); label++) {
      List<FolderLayout.Item> items = new ArrayList<>(perClass.get(label));
      if (items.isEmpty()) {
        throw Rejections.invalid("class '" + classes.get(label) + "' has no images");
      }
      SplittableRandom random = new SplittableRandom(seed * 31 + label);
      for (int i = items.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        items.set(i, items.set(j, items.get(i)));
      }
      int held =
          items.size() < 2
              ? 0
              : (int) Math.min(items.size() - 1, Math.max(1, Math.round(items.size() * fraction)));
      valid.addAll(items.subList(0, held));
      train.addAll(items.subList(held, items.size()));
    }
    if (valid.isEmpty()) {
      throw Rejections.invalid("too few images to set any aside for validation");
    }
    Comparator<FolderLayout.Item> byPath = Comparator.comparing(FolderLayout.Item::shown);
    train.sort(byPath);
    valid.sort(byPath);
    return new FolderLayout(root, "class-folders", classes, train, valid, skipped);
  }
}

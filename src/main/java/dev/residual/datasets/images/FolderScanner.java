package dev.residual.datasets.images;

import dev.residual.datasets.archive.Rejections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a folder dataset's layout without opening an image. A wrapper folder (an archive's single
 * top directory, such as {@code imagenette2-160/}) is stepped into; hidden files and macOS metadata
 * are ignored; symbolic links are never followed, so a server folder cannot lead out of itself.
 * Everything is sorted, so the same folder always gives the same dataset.
 */
public final class FolderScanner {

  static final List<String> VALIDATION_DIRS = List.of("val", "valid", "validation", "test");

  private static final int MAX_WRAPPERS = 8;

  private final int maxFiles;
  private final ValidationSplit split;

  public FolderScanner(int maxFiles, double validFraction, long seed) {
    this.maxFiles = maxFiles;
    this.split = new ValidationSplit(validFraction, seed);
  }

  public FolderLayout scan(Path top) throws IOException {
    Path root = unwrap(top);
    Map<String, Path> dirs = visibleDirs(root);
    Counter counter = new Counter();
    counter.skipped += looseFiles(root);
    Path trainDir = dirs.get("train");
    if (trainDir == null) {
      List<String> classes = List.copyOf(dirs.keySet());
      requireClasses(classes, root, "");
      List<List<FolderLayout.Item>> perClass = collect(root, classes, root, counter);
      return split.apply(root, classes, perClass, counter.skipped);
    }
    List<String> classes = List.copyOf(visibleDirs(trainDir).keySet());
    requireClasses(classes, root, "train/");
    counter.skipped += looseFiles(trainDir);
    List<List<FolderLayout.Item>> train = collect(trainDir, classes, root, counter);
    Path validDir =
        VALIDATION_DIRS.stream().map(dirs::get).filter(d -> d != null).findFirst().orElse(null);
    if (validDir == null) {
      return split.apply(root, classes, train, counter.skipped);
    }
    for (String name : visibleDirs(validDir).keySet()) {
      if (!classes.contains(name)) {
        throw Rejections.invalid(
            validDir.getFileName() + "/" + name + " is not a class of train/ " + classes);
      }
    }
    counter.skipped += looseFiles(validDir);
    List<FolderLayout.Item> valid = new ArrayList<>();
    collect(validDir, classes, root, counter).forEach(valid::addAll);
    if (valid.isEmpty()) {
      throw Rejections.invalid(validDir.getFileName() + "/ holds no images");
    }
    List<FolderLayout.Item> trainItems = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      if (train.get(label).isEmpty()) {
        throw Rejections.invalid("class '" + classes.get(label) + "' has no images in train/");
      }
      trainItems.addAll(train.get(label));
    }
    return new FolderLayout(root, "split", classes, trainItems, valid, counter.skipped);
  }

  private static final class Counter {
    int files;
    int skipped;
  }

  private Path unwrap(Path top) throws IOException {
    Path root = top;
    for (int i = 0; i < MAX_WRAPPERS; i++) {
      Map<String, Path> dirs = visibleDirs(root);
      if (dirs.size() != 1 || looseFiles(root) > 0 || dirs.containsKey("train")) {
        return root;
      }
      Path only = dirs.values().iterator().next();
      if (visibleDirs(only).isEmpty()) {
        // A single folder of images: that folder is one class, not a wrapper.
        return root;
      }
      root = only;
    }
    return root;
  }

  private List<List<FolderLayout.Item>> collect(
      Path parent, List<String> classes, Path root, Counter counter) throws IOException {
    List<List<FolderLayout.Item>> perClass = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      List<FolderLayout.Item> items = new ArrayList<>();
      Path classDir = parent.resolve(classes.get(label));
      if (Files.isDirectory(classDir, LinkOption.NOFOLLOW_LINKS)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classDir)) {
          files = walk.filter(p -> !p.equals(classDir)).sorted().toList();
        }
        for (Path file : files) {
          if (++counter.files > maxFiles) {
            throw Rejections.tooLarge("the dataset has more than " + maxFiles + " files");
          }
          String shown = root.relativize(file).toString().replace('\\', '/');
          boolean regular = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
          if (regular && !hidden(classDir.relativize(file)) && ImageFiles.isImageName(shown)) {
            items.add(new FolderLayout.Item(file, shown, label));
          } else if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            counter.skipped++;
          }
        }
      }
      perClass.add(items);
    }
    return perClass;
  }

  private static void requireClasses(List<String> classes, Path root, String where) {
    if (classes.size() < 2) {
      throw Rejections.invalid(
          "found "
              + classes.size()
              + " class folder(s) in "
              + (where.isEmpty() ? "the dataset" : where)
              + "; need at least 2 (train/<class>/… or <class>/…)");
    }
  }

  private static boolean hidden(Path relative) {
    for (Path segment : relative) {
      String name = segment.toString();
      if (name.startsWith(".") || name.equals("__MACOSX")) {
        return true;
      }
    }
    return false;
  }

  /** Visible subdirectories by name, sorted; links to directories are not directories here. */
  static Map<String, Path> visibleDirs(Path dir) throws IOException {
    Map<String, Path> dirs = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !hidden(p.getFileName()))
          .forEach(p -> dirs.put(p.getFileName().toString(), p));
    }
    return dirs;
  }

  private static int looseFiles(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return (int)
          list.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !hidden(p.getFileName()))
              .count();
    }
  }
}

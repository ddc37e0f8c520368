package dev.residual.training.runner;

import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The first images of the real Fashion-MNIST files installed by Debian's dataset package. */
final class FashionMnistSample {

  static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
  static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private static ImageSplit train;
  private static ImageSplit test;

  private FashionMnistSample() {}

  /** {@code trainCount} training images and {@code validCount} test-set images. */
  static synchronized LabeledDataset load(int trainCount, int validCount) {
    if (train == null) {
      train = split("train");
      test = split("t10k");
    }
    return new LabeledDataset(
        "fashion-mnist-sample", CLASSES, first(train, trainCount), first(test, validCount));
  }

  static ImageSplit first(ImageSplit split, int count) {
    int bytes = split.imageBytes();
    return new ImageSplit(
        count,
        split.channels(),
        split.height(),
        split.width(),
        Arrays.copyOf(split.pixels(), count * bytes),
        Arrays.copyOf(split.labels(), count));
  }

  private static ImageSplit split(String prefix) {
    try {
      IdxReader reader = new IdxReader(60_000L * 28 * 28);
      IdxData images = reader.read(DIRECTORY.resolve(prefix + "-images-idx3-ubyte.gz"));
      IdxData labels = reader.read(DIRECTORY.resolve(prefix + "-labels-idx1-ubyte.gz"));
      int[] classes = new int[labels.count()];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = labels.values()[i] & 0xff;
      }
      int[] dims = images.dimensions();
      return new ImageSplit(dims[0], 1, dims[1], dims[2], images.values(), classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.residual.dashboard;

import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import dev.residual.support.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Fashion-MNIST test images as PNG files, as a user would drop them on the playground. */
final class FashionPng {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionPng() {}

  static byte[] testImage(int index) throws IOException {
    IdxData images =
        new IdxReader(10_000L * 28 * 28).read(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    byte[] pixels = Arrays.copyOfRange(images.values(), index * 784, (index + 1) * 784);
    return TestImages.encode(TestImages.grey(28, 28, pixels), "png");
  }
}

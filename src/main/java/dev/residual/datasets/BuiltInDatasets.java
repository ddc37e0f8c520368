package dev.residual.datasets;

import dev.residual.datasets.idx.IdxDatasetSpec;
import dev.residual.datasets.idx.IdxFileSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The IDX datasets Residual knows by name, with the checksums their files are verified against.
 *
 * <p>Only the decompressed bytes are checked (size and SHA-256), so one rule covers upstream's gzip
 * files, Debian's re-compressed ones and files a user has unpacked. Fashion-MNIST's values are the
 * project's reference values and match Debian's {@code dataset-fashion-mnist}. MNIST has no Debian
 * package, so its values could not be checked on this machine: they are the SHA-256 values pinned
 * identically by several independent projects; torchvision pins MD5s of the upstream .gz files
 * instead, which would reject a re-compressed copy.
 */
public final class BuiltInDatasets {

  public static final IdxDatasetSpec FASHION_MNIST =
      mnistLike(
          "fashion-mnist",
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
              "Ankle boot"),
          "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
          "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
          "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
          "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
          "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

  static final IdxDatasetSpec MNIST =
      mnistLike(
          "mnist",
          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
          "https://ossci-datasets.s3.amazonaws.com/mnist/",
          "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  public static final List<IdxDatasetSpec> ALL = List.of(FASHION_MNIST, MNIST);

  private BuiltInDatasets() {}

  public static Optional<IdxDatasetSpec> find(String name) {
    return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  /** The hosts downloads (IDX files and archives) may reach unless configured otherwise. */
  static Set<String> upstreamHosts() {
    return Stream.concat(
            ALL.stream().map(spec -> spec.baseUrl().getHost()),
            ArchiveDatasets.ALL.stream().map(spec -> spec.url().getHost()))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static IdxDatasetSpec mnistLike(
      String name,
      List<String> classes,
      String baseUrl,
      String trainImagesSha256,
      String trainLabelsSha256,
      String testImagesSha256,
      String testLabelsSha256) {
    return new IdxDatasetSpec(
        name,
        classes,
        URI.create(baseUrl),
        new IdxFileSpec(
            "train-images-idx3-ubyte.gz", new int[] {60_000, 28, 28}, trainImagesSha256),
        new IdxFileSpec("train-labels-idx1-ubyte.gz", new int[] {60_000}, trainLabelsSha256),
        new IdxFileSpec("t10k-images-idx3-ubyte.gz", new int[] {10_000, 28, 28}, testImagesSha256),
        new IdxFileSpec("t10k-labels-idx1-ubyte.gz", new int[] {10_000}, testLabelsSha256));
  }
}

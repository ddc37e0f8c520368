package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.idx.IdxDatasets;
import dev.residual.datasets.idx.IdxFileSpec;
import dev.residual.system.ResidualProperties;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Fashion-MNIST as installed by Debian's {@code dataset-fashion-mnist}; the machine must
 * have that package (CI installs it).
 */
class FashionMnistTest {

  private static final Path SYSTEM_DIR = Path.of("/usr/share/datasets");

  @TempDir static Path dataDir;

  private static IdxDatasets catalog;

  @BeforeAll
  static void createCatalog() {
    DatasetProperties properties =
        new DatasetProperties(
            null,
            SYSTEM_DIR,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    catalog =
        new IdxDatasets(
            properties,
            new ResidualProperties(dataDir),
            new DatasetDownloader(properties.downloadPolicy()));
  }

  @Test
  void isListedAsAvailableFromTheSystemDirectory() {
    DatasetSummary summary = catalog.describe("fashion-mnist");

    assertThat(summary.status()).isEqualTo(DatasetStatus.AVAILABLE);
    assertThat(summary.source()).isEqualTo(DatasetSource.SYSTEM);
    assertThat(summary.location()).isEqualTo(SYSTEM_DIR.resolve("fashion-mnist"));
    assertThat(summary.trainSize()).isEqualTo(60_000);
    assertThat(summary.validSize()).isEqualTo(10_000);
  }

  @Test
  void loadsBothSplitsVerifiedQuicklyAndOnce() {
    long start = System.nanoTime();
    LabeledDataset dataset = catalog.load("fashion-mnist");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(dataset.classes()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
    assertSplit(dataset.train(), 60_000);
    assertSplit(dataset.valid(), 10_000);
    // Usually about one second on a shared 2-core machine; the bound leaves room for load.
    assertThat(millis).isLessThan(10_000);
    assertThat(catalog.load("fashion-mnist")).isSameAs(dataset);
  }

  @Test
  void officialChecksumsMatchTheDecompressedSystemFiles() throws Exception {
    for (IdxFileSpec file : BuiltInDatasets.FASHION_MNIST.files()) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size;
      try (InputStream in =
          new DigestInputStream(
              new GZIPInputStream(
                  Files.newInputStream(
                      SYSTEM_DIR.resolve("fashion-mnist").resolve(file.fileName()))),
              sha256)) {
        size = in.transferTo(OutputStream.nullOutputStream());
      }
      assertThat(size).as(file.fileName()).isEqualTo(file.contentSize());
      assertThat(HexFormat.of().formatHex(sha256.digest()))
          .as(file.fileName())
          .isEqualTo(file.sha256());
    }
  }

  @Test
  void normalizationMatchesThePublishedStatistics() {
    Normalization normalization = catalog.normalization("fashion-mnist");

    assertThat(normalization.mean()).hasSize(1);
    assertThat(normalization.mean()[0]).isCloseTo(0.2860f, within(5e-4f));
    assertThat(normalization.std()[0]).isCloseTo(0.3530f, within(5e-4f));
    assertThat(catalog.normalization("fashion-mnist")).isSameAs(normalization);
  }

  private static void assertSplit(ImageSplit split, int count) {
    assertThat(split.count()).isEqualTo(count);
    assertThat(split.channels()).isEqualTo(1);
    assertThat(split.height()).isEqualTo(28);
    assertThat(split.width()).isEqualTo(28);
    int[] perClass = new int[10];
    for (int label : split.labels()) {
      perClass[label]++;
    }
    // Fashion-MNIST is balanced: every class has a tenth of each split.
    assertThat(perClass).containsOnly(count / 10);
  }
}

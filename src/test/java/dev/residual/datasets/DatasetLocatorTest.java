package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.datasets.idx.IdxDatasetSpec;
import dev.residual.datasets.idx.IdxFileSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

  private static final IdxDatasetSpec MNIST = BuiltInDatasets.MNIST;

  @TempDir Path dir;

  @Test
  void searchesConfiguredThenSystemThenDataDirectory() throws IOException {
    Path configured = dir.resolve("configured");
    Path system = dir.resolve("system");
    Path datasets = dir.resolve("data/datasets");
    DatasetLocator locator = new DatasetLocator(Map.of("mnist", configured), system, datasets);

    assertThat(locator.locate(MNIST)).isEmpty();
    populate(datasets.resolve("mnist"), true);
    assertThat(locator.locate(MNIST))
        .contains(new DatasetLocator.Location(datasets.resolve("mnist"), DatasetSource.DATA_DIR));
    populate(system.resolve("mnist"), false);
    assertThat(locator.locate(MNIST))
        .contains(new DatasetLocator.Location(system.resolve("mnist"), DatasetSource.SYSTEM));
    populate(configured, true);
    assertThat(locator.locate(MNIST))
        .contains(new DatasetLocator.Location(configured, DatasetSource.CONFIGURED));
    assertThat(locator.downloadDir(MNIST)).isEqualTo(datasets.resolve("mnist"));
  }

  @Test
  void needsAllFourFiles() throws IOException {
    Path system = dir.resolve("system");
    populate(system.resolve("mnist"), true);
    Files.delete(system.resolve("mnist/t10k-labels-idx1-ubyte.gz"));

    assertThat(new DatasetLocator(Map.of(), system, dir.resolve("data")).locate(MNIST)).isEmpty();
  }

  @Test
  void prefersTheCompressedFileWhenBothExist() throws IOException {
    IdxFileSpec labels = MNIST.trainLabels();
    Files.createFile(dir.resolve(labels.rawName()));
    assertThat(DatasetLocator.find(dir, labels)).contains(dir.resolve(labels.rawName()));

    Files.createFile(dir.resolve(labels.fileName()));
    assertThat(DatasetLocator.find(dir, labels)).contains(dir.resolve(labels.fileName()));
  }

  /** Empty stand-ins: locating looks at names only; loading verifies content. */
  private static void populate(Path directory, boolean compressed) throws IOException {
    Files.createDirectories(directory);
    for (IdxFileSpec file : MNIST.files()) {
      Files.createFile(directory.resolve(compressed ? file.fileName() : file.rawName()));
    }
  }
}

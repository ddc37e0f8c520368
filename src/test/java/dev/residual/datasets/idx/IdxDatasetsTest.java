package dev.residual.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.residual.datasets.BuiltInDatasets;
import dev.residual.datasets.DatasetProperties;
import dev.residual.datasets.DatasetSource;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.datasets.LocalHttpServer;
import dev.residual.datasets.download.DatasetDownloadException;
import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.download.DownloadProgress;
import dev.residual.datasets.download.DownloadProgressListener;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

class IdxDatasetsTest {

  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  @Test
  void unknownNamesAreNotFound() {
    IdxDatasets catalog = catalog(Map.of(), true, Map.of());

    assertThat(catalog.exists("fashion-mnist")).isTrue();
    assertThat(catalog.exists("../etc")).isFalse();
    assertNotFound(() -> catalog.load("cifar-10"));
    assertNotFound(() -> catalog.describe("cifar-10"));
    assertNotFound(() -> catalog.download("cifar-10", DownloadProgressListener.NONE));
  }

  @Test
  void datasetsNotFoundAreDownloadableOrMissing() {
    IdxDatasets enabled = catalog(Map.of(), true, Map.of());
    IdxDatasets disabled = catalog(Map.of(), false, Map.of());

    assertThat(enabled.list())
        .extracting(DatasetSummary::name, DatasetSummary::status, DatasetSummary::source)
        .containsExactly(
            tuple("fashion-mnist", DatasetStatus.DOWNLOADABLE, null),
            tuple("mnist", DatasetStatus.DOWNLOADABLE, null));
    assertThat(disabled.list())
        .extracting(DatasetSummary::status)
        .containsOnly(DatasetStatus.MISSING);
    assertThat(disabled.describe("mnist").classes())
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertConflict(() -> enabled.load("mnist"), "not available on this server; download it first");
    assertConflict(
        () -> disabled.download("mnist", DownloadProgressListener.NONE), "downloads are disabled");
  }

  @Test
  void configuredDirectoryComesFirstAndAnIncompleteOneIsSkipped() throws IOException {
    Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
    Files.write(incomplete.resolve("train-images-idx3-ubyte"), new byte[0]);

    DatasetSummary configured =
        catalog(Map.of("fashion-mnist", FASHION), false, Map.of()).describe("fashion-mnist");
    DatasetSummary fallback =
        catalog(Map.of("fashion-mnist", incomplete), false, Map.of(), FASHION.getParent())
            .describe("fashion-mnist");

    assertThat(configured.source()).isEqualTo(DatasetSource.CONFIGURED);
    assertThat(configured.location()).isEqualTo(FASHION);
    assertThat(fallback.source()).isEqualTo(DatasetSource.SYSTEM);
  }

  @Test
  void downloadsIntoTheDataDirectoryThenLoadsFromIt() throws IOException {
    try (LocalHttpServer server = new LocalHttpServer()) {
      for (IdxFileSpec file : BuiltInDatasets.FASHION_MNIST.files()) {
        server.file("/mirror/" + file.fileName(), FASHION.resolve(file.fileName()));
      }
      IdxDatasets catalog = catalog(Map.of(), true, Map.of("fashion-mnist", server.uri("/mirror")));
      List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

      DatasetSummary summary = catalog.download("fashion-mnist", progress::add);
      int requests = server.requests();
      catalog.download("fashion-mnist", progress::add);

      assertThat(summary.status()).isEqualTo(DatasetStatus.AVAILABLE);
      assertThat(summary.source()).isEqualTo(DatasetSource.DATA_DIR);
      assertThat(summary.location()).isEqualTo(dir.resolve("data/datasets/fashion-mnist"));
      assertThat(progress)
          .filteredOn(p -> p.percent() == 100.0)
          .extracting(DownloadProgress::file)
          .containsExactly(
              "train-images-idx3-ubyte.gz",
              "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz",
              "t10k-labels-idx1-ubyte.gz");
      assertThat(server.requests()).isEqualTo(requests);
      assertThat(catalog.load("fashion-mnist").valid().count()).isEqualTo(10_000);
    }
  }

  @Test
  void aFailedDownloadKeepsOnlyVerifiedFiles() throws IOException {
    try (LocalHttpServer server = new LocalHttpServer()) {
      // The test labels are served for the training labels, so that file fails its checksum.
      server.file("/m/train-labels-idx1-ubyte.gz", FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
      server.file("/m/train-images-idx3-ubyte.gz", FASHION.resolve("train-images-idx3-ubyte.gz"));
      IdxDatasets catalog = catalog(Map.of(), true, Map.of("fashion-mnist", server.uri("/m/")));

      assertThatThrownBy(() -> catalog.download("fashion-mnist", DownloadProgressListener.NONE))
          .isInstanceOf(DatasetDownloadException.class)
          .hasMessageContaining(
              "train-labels-idx1-ubyte.gz: content is 10008 bytes, expected 60008");
      assertThat(listing(dir.resolve("data/datasets/fashion-mnist")))
          .containsExactly("train-images-idx3-ubyte.gz");
      assertThat(catalog.describe("fashion-mnist").status()).isEqualTo(DatasetStatus.DOWNLOADABLE);
    }
  }

  @Test
  void aCorruptFileFailsVerificationOnLoad() throws IOException {
    Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
    for (IdxFileSpec file : BuiltInDatasets.FASHION_MNIST.files()) {
      Files.createSymbolicLink(corrupt.resolve(file.fileName()), FASHION.resolve(file.fileName()));
    }
    // A well-formed labels file with one label changed: only the checksum can tell.
    byte[] labels;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(FASHION.resolve("t10k-labels-idx1-ubyte.gz")))) {
      labels = in.readAllBytes();
    }
    labels[8] = (byte) ((labels[8] + 1) % 10);
    Files.delete(corrupt.resolve("t10k-labels-idx1-ubyte.gz"));
    Files.write(corrupt.resolve("t10k-labels-idx1-ubyte"), labels);
    IdxDatasets catalog = catalog(Map.of("fashion-mnist", corrupt), false, Map.of());

    assertThatThrownBy(() -> catalog.load("fashion-mnist"))
        .isInstanceOf(UncheckedIOException.class)
        .cause()
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte: SHA-256 of the decompressed content is")
        .hasMessageContaining("expected 0402a96d");
  }

  private IdxDatasets catalog(
      Map<String, Path> idxDirs, boolean downloads, Map<String, URI> baseUrls) {
    return catalog(idxDirs, downloads, baseUrls, dir.resolve("no-system-datasets"));
  }

  private IdxDatasets catalog(
      Map<String, Path> idxDirs, boolean downloads, Map<String, URI> baseUrls, Path systemDir) {
    DatasetProperties properties =
        new DatasetProperties(
            idxDirs,
            systemDir,
            downloads,
            baseUrls,
            Set.of("127.0.0.1"),
            true,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new IdxDatasets(
        properties,
        new ResidualProperties(dir.resolve("data")),
        new DatasetDownloader(properties.downloadPolicy()));
  }

  private static void assertNotFound(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND))
        .hasMessage("dataset 'cifar-10' does not exist");
  }

  private static void assertConflict(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONFLICT))
        .hasMessageContaining(message);
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    }
  }
}

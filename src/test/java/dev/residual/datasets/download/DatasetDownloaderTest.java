package dev.residual.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.LocalHttpServer;
import dev.residual.datasets.idx.IdxFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {

  private static final byte[] CONTENT = IdxFiles.ubyte(2_000, 28, 28);
  private static final byte[] GZIP = IdxFiles.gzip(CONTENT);
  private static final ExpectedContent EXPECTED =
      new ExpectedContent(CONTENT.length, IdxFiles.sha256(CONTENT));

  @TempDir Path dir;

  private LocalHttpServer server;
  private final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = new LocalHttpServer().bytes("/data/images.gz", GZIP);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void downloadsVerifiesAndRenamesIntoPlaceReportingProgress() throws IOException {
    Path target = dir.resolve("sub/images.gz");

    downloader(true, 1 << 20)
        .download(server.uri("/data/images.gz"), target, EXPECTED, progress::add);

    assertThat(target).hasBinaryContent(GZIP);
    assertThat(listing(target.getParent())).containsExactly("images.gz");
    assertThat(progress.get(0)).isEqualTo(new DownloadProgress("images.gz", 0, GZIP.length, 0.0));
    assertThat(progress.get(progress.size() - 1))
        .isEqualTo(new DownloadProgress("images.gz", GZIP.length, GZIP.length, 100.0));
    assertThat(progress).extracting(DownloadProgress::bytes).isSorted();
  }

  @Test
  void countsEveryByteReceivedEvenOfARefusedDownload() throws IOException {
    AtomicLong received = new AtomicLong();
    DatasetDownloader counted = new DatasetDownloader(policy(true, 1 << 20), received::addAndGet);

    counted.download(server.uri("/data/images.gz"), dir.resolve("a.gz"), EXPECTED, progress::add);
    assertThat(received).hasValue(GZIP.length);

    ExpectedContent wrong = new ExpectedContent(CONTENT.length, "00".repeat(32));
    assertThatThrownBy(
            () ->
                counted.download(
                    server.uri("/data/images.gz"), dir.resolve("b.gz"), wrong, p -> {}))
        .isInstanceOf(DatasetDownloadException.class);
    assertThat(received)
        .as("the bytes came in, whatever happened to them")
        .hasValue(2L * GZIP.length);
  }

  @Test
  void reportsHundredPercentAtTheEndEvenWithoutContentLength() throws IOException {
    server.route("/chunked.gz", exchange -> LocalHttpServer.send(exchange, GZIP, false));
    Path target = dir.resolve("images.gz");

    downloader(true, 1 << 20).download(server.uri("/chunked.gz"), target, EXPECTED, progress::add);

    assertThat(progress.get(0).total()).isEqualTo(-1);
    assertThat(progress.get(0).percent()).isEqualTo(-1);
    assertThat(progress.get(progress.size() - 1).percent()).isEqualTo(100.0);
  }

  @Test
  void refusesWrongChecksumAndLeavesNothing() {
    ExpectedContent wrong = new ExpectedContent(CONTENT.length, "00".repeat(32));
    Path target = dir.resolve("images.gz");

    assertThatThrownBy(() -> download(server.uri("/data/images.gz"), target, wrong))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining("SHA-256 of the content is " + EXPECTED.sha256())
        .hasMessageContaining("expected " + "00".repeat(32));
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void refusesWrongSizeAndLeavesNothing() {
    ExpectedContent smaller = new ExpectedContent(CONTENT.length - 1, EXPECTED.sha256());

    assertThatThrownBy(() -> download(server.uri("/data/images.gz"), dir.resolve("x"), smaller))
        .hasMessageContaining("larger than the expected");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void refusesFilesOverTheSizeCapWithOrWithoutContentLength() {
    server.route("/chunked.gz", exchange -> LocalHttpServer.send(exchange, GZIP, false));
    DatasetDownloader small = downloader(true, GZIP.length - 1);

    assertThatThrownBy(
            () ->
                small.download(
                    server.uri("/data/images.gz"),
                    dir.resolve("a"),
                    EXPECTED,
                    DownloadProgressListener.NONE))
        .hasMessageContaining("larger than residual.datasets.max-download-size");
    assertThatThrownBy(
            () ->
                small.download(
                    server.uri("/chunked.gz"),
                    dir.resolve("b"),
                    EXPECTED,
                    DownloadProgressListener.NONE))
        .hasMessageContaining("larger than residual.datasets.max-download-size");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void followsRedirectOnTheSameHost() throws IOException {
    server.redirect("/moved.gz", "/data/images.gz");
    Path target = dir.resolve("images.gz");

    download(server.uri("/moved.gz"), target, EXPECTED);

    assertThat(target).hasBinaryContent(GZIP);
  }

  @Test
  void refusesRedirectToAnotherHostEvenAnAllowedOne() {
    server.redirect("/moved.gz", "http://localhost:" + server.port() + "/data/images.gz");

    assertThatThrownBy(() -> download(server.uri("/moved.gz"), dir.resolve("x"), EXPECTED))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining("redirect to another host (localhost) refused");
    assertThat(server.requests()).isEqualTo(1);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void acceptsOnlyRedirectsThatStayOnTheHostWithoutLeavingHttps() throws IOException {
    URI origin = URI.create("https://mirror.example/data/a.gz");

    assertThat(DatasetDownloader.redirectTarget(origin, origin, "/v2/a.gz"))
        .isEqualTo(URI.create("https://mirror.example/v2/a.gz"));
    assertThatThrownBy(
            () -> DatasetDownloader.redirectTarget(origin, origin, "http://mirror.example/a.gz"))
        .hasMessageContaining("redirect from https to http://mirror.example/a.gz refused");
    assertThatThrownBy(
            () -> DatasetDownloader.redirectTarget(origin, origin, "https://169.254.169.254/"))
        .hasMessageContaining("redirect to another host (169.254.169.254) refused");
    assertThatThrownBy(() -> DatasetDownloader.redirectTarget(origin, origin, null))
        .hasMessageContaining("redirect without Location");
  }

  @Test
  void reportsNotFoundClearly() {
    assertThatThrownBy(() -> download(server.uri("/nope.gz"), dir.resolve("x"), EXPECTED))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining("/nope.gz: server answered HTTP 404 (not found)");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void refusesLoopbackWithoutAllowPrivateAndSendsNoRequest() {
    DatasetDownloader strict = downloader(false, 1 << 20);

    assertThatThrownBy(
            () ->
                strict.download(
                    server.uri("/data/images.gz"),
                    dir.resolve("x"),
                    EXPECTED,
                    DownloadProgressListener.NONE))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining("non-public address 127.0.0.1");
    assertThat(server.requests()).isZero();
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aThrowingListenerCancelsAndLeavesNothing() {
    DownloadProgressListener cancel =
        p -> {
          throw new IllegalStateException("cancelled");
        };

    assertThatThrownBy(
            () ->
                downloader(true, 1 << 20)
                    .download(server.uri("/data/images.gz"), dir.resolve("x"), EXPECTED, cancel))
        .hasMessage("cancelled");
    assertThat(listing(dir)).isEmpty();
  }

  private void download(URI uri, Path target, ExpectedContent expected) throws IOException {
    downloader(true, 1 << 20).download(uri, target, expected, progress::add);
  }

  private static DatasetDownloader downloader(boolean allowPrivate, long maxBytes) {
    return new DatasetDownloader(policy(allowPrivate, maxBytes));
  }

  private static DownloadPolicy policy(boolean allowPrivate, long maxBytes) {
    return new DownloadPolicy(
        Set.of("127.0.0.1", "localhost"),
        allowPrivate,
        maxBytes,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  private static List<String> listing(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

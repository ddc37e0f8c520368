package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.residual.datasets.download.DatasetDownloadException;
import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.download.DownloadProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive downloads refuse URLs that lead to forbidden places, before any request reaches them: a
 * host resolving to loopback, redirects to another host (a private address, the cloud metadata
 * address, a file URL) and non-HTTP schemes. The staging directory is removed each time.
 */
class ArchiveDownloadRefusalTest {

  static final ArchiveDatasets.Spec IMAGENETTE =
      ArchiveDatasets.find("imagenette-160").orElseThrow();

  @TempDir Path dir;

  @Test
  void refusesAHostThatResolvesToLoopbackWithoutSendingARequest() throws IOException {
    try (LocalHttpServer server = new LocalHttpServer()) {
      server.bytes("/a/imagenette2-160.tgz", new byte[] {1});
      ArchiveImports imports =
          imports(Set.of("localhost"), false, "http://localhost:" + server.port() + "/a/");

      assertRefused(imports, "resolves to the non-public address");
      assertThat(server.requests()).isZero();
    }
  }

  @Test
  void refusesRedirectsToOtherHostsWithoutFollowingThem() throws IOException {
    try (LocalHttpServer origin = new LocalHttpServer();
        LocalHttpServer behind = new LocalHttpServer()) {
      behind.bytes("/x.tgz", new byte[] {1});
      String[] targets = {
        "http://localhost:" + behind.port() + "/x.tgz",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd"
      };
      for (String target : targets) {
        origin.redirect("/a/imagenette2-160.tgz", target);
        ArchiveImports imports =
            imports(Set.of("127.0.0.1", "localhost"), true, origin.uri("/a/").toString());

        assertRefused(imports, "redirect to another host");
      }
      assertThat(behind.requests()).isZero();
      assertThat(origin.requests()).isEqualTo(targets.length);
    }
  }

  @Test
  void refusesNonHttpSchemes() throws IOException {
    assertRefused(imports(Set.of("127.0.0.1"), true, "file:///etc/"), "only http and https");
    assertRefused(imports(Set.of("127.0.0.1"), true, "ftp://127.0.0.1/"), "only http and https");
  }

  private void assertRefused(ArchiveImports imports, String reason) throws IOException {
    assertThatThrownBy(() -> imports.download(IMAGENETTE, DownloadProgressListener.NONE))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining(reason);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("staging removed").isEmpty();
    }
  }

  private ArchiveImports imports(Set<String> hosts, boolean allowPrivate, String baseUrl)
      throws IOException {
    DatasetProperties properties =
        new DatasetProperties(
            null,
            dir.resolve("none"),
            true,
            Map.of("imagenette-160", URI.create(baseUrl)),
            hosts,
            allowPrivate,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    DatasetImporter importer = mock(DatasetImporter.class);
    when(importer.stage()).thenAnswer(invocation -> Staging.create(dir));
    return new ArchiveImports(
        new DatasetDownloader(properties.downloadPolicy()), importer, properties);
  }
}

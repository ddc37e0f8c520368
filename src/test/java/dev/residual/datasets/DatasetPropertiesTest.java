package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.datasets.download.DownloadPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class DatasetPropertiesTest {

  @Test
  void defaultsWhenNothingIsConfigured() {
    DatasetProperties properties = bind(Map.of());

    assertThat(properties.idxDirs()).isEmpty();
    assertThat(properties.systemDir()).isEqualTo(Path.of("/usr/share/datasets"));
    assertThat(properties.downloadsEnabled()).isTrue();
    assertThat(properties.baseUrls()).isEmpty();
    assertThat(properties.allowedHosts()).isEqualTo(BuiltInDatasets.upstreamHosts());
    assertThat(properties.allowPrivateAddresses()).isFalse();
    assertThat(properties.maxDownloadSize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThat(properties.maxIdxSize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.roots()).isEmpty();
    assertThat(properties.maxArchiveSize()).isEqualTo(DataSize.ofGigabytes(2));
    assertThat(properties.archive().maxEntries()).isEqualTo(200_000);
    assertThat(properties.images().cacheSize()).isEqualTo(160);
    assertThat(properties.images().validFraction()).isEqualTo(0.2);
    assertThat(properties.images().maxPixels()).isEqualTo(89_478_485L);
    assertThat(properties).usingRecursiveComparison().isEqualTo(DatasetProperties.defaults());
  }

  @Test
  void bindsKebabCaseKeys() {
    DatasetProperties properties =
        bind(
            Map.of(
                "residual.datasets.idx-dirs.fashion-mnist", "/srv/fashion",
                "residual.datasets.system-dir", "/opt/datasets",
                "residual.datasets.downloads-enabled", "false",
                "residual.datasets.base-urls.mnist", "https://mirror.example/mnist/",
                "residual.datasets.allowed-hosts", "mirror.example,127.0.0.1",
                "residual.datasets.allow-private-addresses", "true",
                "residual.datasets.max-download-size", "10MB",
                "residual.datasets.max-idx-size", "1GB",
                "residual.datasets.connect-timeout", "3s",
                "residual.datasets.response-timeout", "1m"));

    assertThat(properties.idxDirs())
        .containsExactly(Map.entry("fashion-mnist", Path.of("/srv/fashion")));
    assertThat(properties.systemDir()).isEqualTo(Path.of("/opt/datasets"));
    assertThat(properties.downloadsEnabled()).isFalse();
    assertThat(properties.baseUrls())
        .containsExactly(Map.entry("mnist", URI.create("https://mirror.example/mnist/")));
    assertThat(properties.allowedHosts()).containsExactlyInAnyOrder("mirror.example", "127.0.0.1");
    assertThat(properties.allowPrivateAddresses()).isTrue();
    DownloadPolicy policy = properties.downloadPolicy();
    assertThat(policy.maxBytes()).isEqualTo(10L << 20);
    assertThat(policy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.responseTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(properties.maxIdxSize()).isEqualTo(DataSize.ofGigabytes(1));
  }

  private static DatasetProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("residual.datasets", DatasetProperties.class);
  }
}

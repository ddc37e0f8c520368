package dev.residual.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the datasets module, prefix {@code residual.datasets}. Every default lives in the
 * compact constructor, so a missing key and a {@code null} in a test mean the same thing.
 *
 * @param idxDirs directory per dataset name, searched first ({@code idx-dirs.fashion-mnist})
 * @param systemDir where distribution packages install datasets, one directory per name
 * @param downloadsEnabled whether missing built-in datasets may be downloaded
 * @param baseUrls download directory per dataset name, overriding the upstream one
 * @param allowedHosts the only hosts downloads may reach; defaults to the upstream hosts
 * @param allowPrivateAddresses whether those hosts may resolve to loopback or private addresses
 * @param maxDownloadSize largest file a download may transfer
 * @param maxIdxSize largest value count an IDX file may declare, in bytes
 * @param connectTimeout how long a download waits to connect
 * @param responseTimeout how long a download waits for the response to start
 */
@ConfigurationProperties("residual.datasets")
public record DatasetProperties(
    Map<String, Path> idxDirs,
    Path systemDir,
    Boolean downloadsEnabled,
    Map<String, URI> baseUrls,
    Set<String> allowedHosts,
    Boolean allowPrivateAddresses,
    DataSize maxDownloadSize,
    DataSize maxIdxSize,
    Duration connectTimeout,
    Duration responseTimeout) {

  public DatasetProperties {
    idxDirs = idxDirs == null ? Map.of() : Map.copyOf(idxDirs);
    systemDir = systemDir == null ? Path.of("/usr/share/datasets") : systemDir;
    downloadsEnabled = downloadsEnabled == null || downloadsEnabled;
    baseUrls = baseUrls == null ? Map.of() : Map.copyOf(baseUrls);
    allowedHosts =
        allowedHosts == null ? BuiltInDatasets.upstreamHosts() : Set.copyOf(allowedHosts);
    allowPrivateAddresses = allowPrivateAddresses != null && allowPrivateAddresses;
    // The largest built-in file is 26 MB compressed and 47 MB decompressed.
    maxDownloadSize = maxDownloadSize == null ? DataSize.ofMegabytes(64) : maxDownloadSize;
    maxIdxSize = maxIdxSize == null ? DataSize.ofMegabytes(64) : maxIdxSize;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
  }

  /** All defaults. */
  public static DatasetProperties defaults() {
    return new DatasetProperties(null, null, null, null, null, null, null, null, null, null);
  }

  DownloadPolicy downloadPolicy() {
    return new DownloadPolicy(
        allowedHosts,
        allowPrivateAddresses,
        maxDownloadSize.toBytes(),
        connectTimeout,
        responseTimeout);
  }
}

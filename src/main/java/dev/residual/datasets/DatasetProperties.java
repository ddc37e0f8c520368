package dev.residual.datasets;

import dev.residual.datasets.archive.ArchiveLimits;
import dev.residual.datasets.download.DownloadPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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
 * @param roots the only server folders (and their subfolders) that may be registered as datasets;
 *     none by default
 * @param maxArchiveSize largest archive an upload or an archive download may transfer
 * @param checksums checksum per downloadable archive name ({@code sha256:<hex>}, {@code md5:<hex>}
 *     or fastai's {@code fastai:<size>:<md5 of the first MiB>}), overriding the built-in
 * @param archive how far an archive may expand ({@code residual.datasets.archive.*})
 * @param images how image folders are decoded and cached ({@code residual.datasets.images.*})
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
    Duration responseTimeout,
    List<Path> roots,
    DataSize maxArchiveSize,
    Map<String, String> checksums,
    @NestedConfigurationProperty ArchiveLimits archive,
    Images images) {

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
    roots = roots == null ? List.of() : List.copyOf(roots);
    // Imagenette's full-size archive is 1.56 GB.
    maxArchiveSize = maxArchiveSize == null ? DataSize.ofGigabytes(2) : maxArchiveSize;
    checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    archive = archive == null ? ArchiveLimits.defaults() : archive;
    images = images == null ? Images.defaults() : images;
  }

  /**
   * How image folders become training data.
   *
   * @param cacheSize largest side of the cached square images; smaller datasets keep their own size
   *     (the median shorter side)
   * @param validFraction share of each class set aside for validation when a folder has no
   *     validation split
   * @param splitSeed seed of that split, so that it is the same every time
   * @param maxPixels largest image, in pixels, read from the header before decoding (Pillow's
   *     MAX_IMAGE_PIXELS)
   * @param decodeThreads threads decoding images; 0 means one per core
   * @param maxCacheBytes largest decoded cache of one import (both splits), checked before any
   *     image is decoded; training holds the same bytes in memory. Default: a quarter of the heap
   */
  public record Images(
      Integer cacheSize,
      Double validFraction,
      Long splitSeed,
      Long maxPixels,
      Integer decodeThreads,
      Long maxCacheBytes) {

    public Images {
      maxCacheBytes =
          maxCacheBytes == null || maxCacheBytes <= 0
              ? Runtime.getRuntime().maxMemory() / 4
              : maxCacheBytes;
      cacheSize = cacheSize == null ? 160 : cacheSize;
      validFraction = validFraction == null ? 0.2 : validFraction;
      splitSeed = splitSeed == null ? 42L : splitSeed;
      maxPixels = maxPixels == null ? 89_478_485L : maxPixels;
      decodeThreads =
          decodeThreads == null || decodeThreads <= 0
              ? Runtime.getRuntime().availableProcessors()
              : decodeThreads;
      if (cacheSize < 8 || cacheSize > 1024) {
        throw new IllegalArgumentException("residual.datasets.images.cache-size must be 8..1024");
      }
      if (!(validFraction > 0 && validFraction < 1)) {
        throw new IllegalArgumentException(
            "residual.datasets.images.valid-fraction must be between 0 and 1");
      }
    }

    static Images defaults() {
      return new Images(null, null, null, null, null, null);
    }
  }

  /** All defaults. */
  public static DatasetProperties defaults() {
    return new DatasetProperties(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public DownloadPolicy downloadPolicy() {
    return new DownloadPolicy(
        allowedHosts,
        allowPrivateAddresses,
        maxDownloadSize.toBytes(),
        connectTimeout,
        responseTimeout);
  }
}

package dev.residual.datasets;

import dev.residual.datasets.download.ArchiveChecksum;
import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.download.DownloadProgressListener;
import dev.residual.datasets.download.FileCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Downloads a built-in archive (Imagenette, Imagewoof) and imports it as an image-folder dataset:
 * fetched by {@link DatasetDownloader} under its host, address and redirect rules into a staging
 * directory, checked against its checksum, then extracted and decoded like an upload.
 */
@Component
class ArchiveImports {

  private final DatasetDownloader downloader;
  private final DatasetImporter importer;
  private final Map<String, URI> baseUrls;
  private final Map<String, String> checksums;
  private final long maxArchiveSize;
  private final int cacheSize;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

  ArchiveImports(
      DatasetDownloader downloader, DatasetImporter importer, DatasetProperties properties) {
    this.downloader = downloader;
    this.importer = importer;
    this.baseUrls = properties.baseUrls();
    this.checksums = properties.checksums();
    this.maxArchiveSize = properties.maxArchiveSize().toBytes();
    this.cacheSize = properties.images().cacheSize();
    for (Map.Entry<String, String> checksum : checksums.entrySet()) {
      // Fails at start-up, not at the first download.
      ArchiveChecksum.parse(checksum.getValue());
    }
  }

  boolean inProgress(String name) {
    return inProgress.contains(name);
  }

  /** What is known before the download: classes and the cached image size. */
  DatasetSummary summary(ArchiveDatasets.Spec spec, boolean downloadsEnabled) {
    DatasetStatus status =
        inProgress(spec.name())
            ? DatasetStatus.DOWNLOADING
            : downloadsEnabled ? DatasetStatus.DOWNLOADABLE : DatasetStatus.MISSING;
    int side = spec.side() > 0 ? Math.min(cacheSize, spec.side()) : cacheSize;
    return new DatasetSummary(
        spec.name(),
        DatasetRecord.KIND,
        status,
        spec.classes(),
        List.of(3, side, side),
        0,
        0,
        null,
        null);
  }

  /** Downloads and imports; the caller holds the dataset's lock. */
  DatasetSummary download(ArchiveDatasets.Spec spec, DownloadProgressListener listener)
      throws IOException {
    URI url = url(spec);
    FileCheck check = ArchiveChecksum.parse(checksums.getOrDefault(spec.name(), spec.checksum()));
    inProgress.add(spec.name());
    try (Staging staging = importer.stage()) {
      Path archive = staging.dir().resolve(spec.fileName());
      listener.onPhase("downloading");
      downloader.download(
          url, archive, maxArchiveSize, "residual.datasets.max-archive-size", check, listener);
      return importer.importArchive(
          staging, archive, spec.name(), DatasetSource.DOWNLOAD, url.toString(), listener);
    } finally {
      inProgress.remove(spec.name());
    }
  }

  private URI url(ArchiveDatasets.Spec spec) {
    URI base = baseUrls.get(spec.name());
    if (base == null) {
      return spec.url();
    }
    String text = base.toString();
    return URI.create(text.endsWith("/") ? text : text + "/").resolve(spec.fileName());
  }
}

package dev.residual.datasets;

import dev.residual.datasets.download.DownloadProgressListener;
import dev.residual.datasets.idx.IdxDatasets;
import dev.residual.datasets.images.ImageFolderDatasets;
import dev.residual.system.ApiException;
import dev.residual.system.KeyedLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The datasets Residual can train on, of every kind: the built-in IDX datasets (Fashion-MNIST,
 * MNIST), the downloadable archives (Imagenette, Imagewoof) and the image-folder datasets in the
 * registry (uploads, server folders, downloaded archives). Listing, describing, loading (image
 * folders from their decoded cache), normalisation statistics and downloading.
 *
 * <p>Loaded datasets are shared: callers must not modify their arrays.
 */
@Service
public class DatasetCatalog {

  private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

  private final IdxDatasets idx;
  private final ImageFolderDatasets folders;
  private final ArchiveImports archives;
  private final boolean downloadsEnabled;
  private final KeyedLocks locks = new KeyedLocks();

  DatasetCatalog(
      IdxDatasets idx,
      ImageFolderDatasets folders,
      ArchiveImports archives,
      DatasetProperties properties) {
    this.idx = idx;
    this.folders = folders;
    this.archives = archives;
    this.downloadsEnabled = properties.downloadsEnabled();
  }

  /** The built-in datasets, then the archives not downloaded yet, then the registry by name. */
  public List<DatasetSummary> list() {
    List<DatasetSummary> all = new ArrayList<>(idx.list());
    List<DatasetSummary> registered = folders.list();
    for (ArchiveDatasets.Spec spec : ArchiveDatasets.ALL) {
      if (registered.stream().noneMatch(s -> s.name().equals(spec.name()))) {
        all.add(archives.summary(spec, downloadsEnabled));
      }
    }
    all.addAll(registered);
    return all;
  }

  /** Whether {@code name} is a dataset this catalog knows, available or not. */
  public boolean exists(String name) {
    return idx.exists(name)
        || ArchiveDatasets.find(name).isPresent()
        || (DatasetNames.NAME.matcher(name).matches() && folders.find(name).isPresent());
  }

  /** The summary of one dataset; 404 for an unknown name. */
  public DatasetSummary describe(String name) {
    if (idx.exists(name)) {
      return idx.describe(name);
    }
    Optional<DatasetRecord> record = record(name);
    if (record.isPresent()) {
      return folders.summary(record.get());
    }
    return archives.summary(archive(name), downloadsEnabled);
  }

  /**
   * The dataset, loaded on first use.
   *
   * @throws ApiException 404 for an unknown name, 409 when it has not been downloaded
   * @throws UncheckedIOException when its files cannot be read or fail verification
   */
  public LabeledDataset load(String name) {
    if (idx.exists(name)) {
      return idx.load(name);
    }
    return folders.load(record(name).orElseThrow(() -> notDownloaded(name)));
  }

  /**
   * Loads {@code name} for a job, downloading a built-in dataset first when it is not here yet.
   * Runs on the caller's thread.
   *
   * @throws IOException when the download is refused or fails
   */
  public LabeledDataset loadDownloadingIfMissing(String name) throws IOException {
    if (!"available".equals(describe(name).status().value())) {
      log.info("Dataset {} is not here yet: downloading it", name);
      download(name, DownloadProgressListener.NONE);
    }
    return load(name);
  }

  /** Per-channel mean and std of the training split. */
  public Normalization normalization(String name) {
    if (idx.exists(name)) {
      return idx.normalization(name);
    }
    return record(name).orElseThrow(() -> notDownloaded(name)).normalization();
  }

  /**
   * Downloads a built-in dataset (IDX files, or an archive that is then imported); does nothing
   * when it is already available. Runs on the caller's thread.
   *
   * @throws ApiException 404 for an unknown name, 409 when downloads are disabled, 400/413 when a
   *     downloaded archive is refused
   * @throws IOException when a download is refused or fails
   */
  public DatasetSummary download(String name, DownloadProgressListener listener)
      throws IOException {
    if (idx.exists(name)) {
      return idx.download(name, listener);
    }
    Optional<DatasetRecord> registered = record(name);
    if (registered.isPresent()) {
      return folders.summary(registered.get());
    }
    ArchiveDatasets.Spec spec = archive(name);
    if (!downloadsEnabled) {
      throw ApiException.conflict(
          "downloads are disabled (residual.datasets.downloads-enabled=false)");
    }
    return locks.call(
        name,
        () -> {
          Optional<DatasetRecord> meanwhile = record(name);
          return meanwhile.isPresent()
              ? folders.summary(meanwhile.get())
              : archives.download(spec, listener);
        });
  }

  private Optional<DatasetRecord> record(String name) {
    return DatasetNames.NAME.matcher(name).matches() ? folders.find(name) : Optional.empty();
  }

  private static ArchiveDatasets.Spec archive(String name) {
    return ArchiveDatasets.find(name).orElseThrow(() -> ApiException.notFound("dataset", name));
  }

  private ApiException notDownloaded(String name) {
    archive(name);
    return ApiException.conflict(
        "dataset '"
            + name
            + "' is not available on this server"
            + (downloadsEnabled ? "; download it first" : ""));
  }
}

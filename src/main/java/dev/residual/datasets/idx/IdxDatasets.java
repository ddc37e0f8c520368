package dev.residual.datasets.idx;

import dev.residual.datasets.BuiltInDatasets;
import dev.residual.datasets.DatasetLocator;
import dev.residual.datasets.DatasetProperties;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.datasets.NormalizationStore;
import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.download.DownloadProgressListener;
import dev.residual.system.ApiException;
import dev.residual.system.KeyedLocks;
import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The built-in IDX datasets (Fashion-MNIST, MNIST): where each one is, loading it (verified, then
 * kept in a soft cache so that jobs share one copy until memory runs short), downloading a missing
 * one and its normalisation statistics.
 */
@Component
public class IdxDatasets {

  static final String KIND = "idx";

  private static final Logger log = LoggerFactory.getLogger(IdxDatasets.class);

  private final DatasetLocator locator;
  private final IdxDatasetLoader loader;
  private final DatasetDownloader downloader;
  private final boolean downloadsEnabled;
  private final Map<String, URI> baseUrls;
  private final KeyedLocks locks = new KeyedLocks();
  private final Map<String, SoftReference<LabeledDataset>> loaded = new ConcurrentHashMap<>();
  private final Map<String, Normalization> normalizations = new ConcurrentHashMap<>();
  private final NormalizationStore stored;

  public IdxDatasets(
      DatasetProperties properties, ResidualProperties residual, DatasetDownloader downloader) {
    this.locator =
        new DatasetLocator(properties.idxDirs(), properties.systemDir(), residual.datasetsDir());
    this.loader = new IdxDatasetLoader(new IdxReader(properties.maxIdxSize().toBytes()));
    this.downloader = downloader;
    this.downloadsEnabled = properties.downloadsEnabled();
    this.baseUrls = properties.baseUrls();
    this.stored = new NormalizationStore(residual.datasetsDir().resolve("normalization"));
  }

  /** Every built-in dataset and where it stands. */
  public List<DatasetSummary> list() {
    return BuiltInDatasets.ALL.stream().map(this::summary).toList();
  }

  /** Whether {@code name} is a dataset this catalog knows, available or not. */
  public boolean exists(String name) {
    return BuiltInDatasets.find(name).isPresent();
  }

  /** The summary of one dataset; 404 for an unknown name. */
  public DatasetSummary describe(String name) {
    return summary(spec(name));
  }

  /**
   * The dataset, loaded and verified on first use.
   *
   * @throws ApiException 404 for an unknown name, 409 when its files are not here
   * @throws UncheckedIOException when its files cannot be read or fail verification
   */
  public LabeledDataset load(String name) {
    IdxDatasetSpec spec = spec(name);
    return locks.call(
        name,
        () -> {
          SoftReference<LabeledDataset> cached = loaded.get(name);
          LabeledDataset dataset = cached == null ? null : cached.get();
          if (dataset != null) {
            return dataset;
          }
          DatasetLocator.Location location =
              locator.locate(spec).orElseThrow(() -> notAvailable(name));
          long start = System.nanoTime();
          try {
            dataset = loader.load(spec, location.directory());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          log.info(
              "Loaded {} from {} in {} ms",
              name,
              location.directory(),
              (System.nanoTime() - start) / 1_000_000);
          loaded.put(name, new SoftReference<>(dataset));
          return dataset;
        });
  }

  /**
   * Per-channel mean and std of the training split, computed once and stored in the data directory
   * ({@code datasets/normalization/<name>.json}).
   */
  public Normalization normalization(String name) {
    spec(name);
    return normalizations.computeIfAbsent(
        name, n -> stored.get(n, () -> Normalization.of(load(n).train())));
  }

  /**
   * Downloads the dataset's missing files into {@code <residual.data-dir>/datasets/<name>}; does
   * nothing when it is already available.
   *
   * @throws ApiException 404 for an unknown name, 409 when downloads are disabled
   * @throws IOException when a download is refused or fails; completed files are kept
   */
  public DatasetSummary download(String name, DownloadProgressListener listener)
      throws IOException {
    IdxDatasetSpec spec = spec(name);
    if (!downloadsEnabled) {
      throw ApiException.conflict(
          "downloads are disabled (residual.datasets.downloads-enabled=false)");
    }
    return locks.call(
        name,
        () -> {
          if (locator.locate(spec).isEmpty()) {
            Path directory = locator.downloadDir(spec);
            URI base = baseUrl(spec);
            for (IdxFileSpec file : spec.files()) {
              // Files only land here verified, so one already present need not be fetched again.
              if (DatasetLocator.find(directory, file).isEmpty()) {
                downloader.download(
                    base.resolve(file.fileName()),
                    directory.resolve(file.fileName()),
                    file.expectedContent(),
                    listener);
              }
            }
            log.info("Downloaded {} to {}", name, directory);
          }
          return summary(spec);
        });
  }

  private DatasetSummary summary(IdxDatasetSpec spec) {
    Optional<DatasetLocator.Location> location = locator.locate(spec);
    DatasetStatus status =
        location.isPresent()
            ? DatasetStatus.AVAILABLE
            : downloadsEnabled ? DatasetStatus.DOWNLOADABLE : DatasetStatus.MISSING;
    return new DatasetSummary(
        spec.name(),
        KIND,
        status,
        spec.classes(),
        spec.imageShape(),
        spec.trainSize(),
        spec.validSize(),
        location.map(DatasetLocator.Location::source).orElse(null),
        location.map(DatasetLocator.Location::directory).orElse(null));
  }

  private URI baseUrl(IdxDatasetSpec spec) {
    URI configured = baseUrls.get(spec.name());
    if (configured == null) {
      return spec.baseUrl();
    }
    // resolve() would drop the last path segment of a directory URL without its slash.
    String text = configured.toString();
    return text.endsWith("/") ? configured : URI.create(text + "/");
  }

  private IdxDatasetSpec spec(String name) {
    return BuiltInDatasets.find(name).orElseThrow(() -> ApiException.notFound("dataset", name));
  }

  private ApiException notAvailable(String name) {
    return ApiException.conflict(
        "dataset '"
            + name
            + "' is not available on this server"
            + (downloadsEnabled ? "; download it first" : ""));
  }
}

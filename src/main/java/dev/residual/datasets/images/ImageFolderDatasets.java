package dev.residual.datasets.images;

import dev.residual.datasets.DatasetImporter;
import dev.residual.datasets.DatasetRecord;
import dev.residual.datasets.DatasetRegistry;
import dev.residual.datasets.DatasetSource;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.datasets.LabeledDataset;
import dev.residual.system.ApiException;
import dev.residual.system.KeyedLocks;
import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The registered image-folder datasets: their summaries, and loading their cached, decoded images
 * (kept in a soft cache, as for IDX datasets). A cache file that is missing or damaged is rebuilt
 * from the original images, so the cache can always be deleted to reclaim disk space.
 */
@Component
public class ImageFolderDatasets {

  private static final Logger log = LoggerFactory.getLogger(ImageFolderDatasets.class);

  private final DatasetRegistry registry;
  private final Path datasetsDir;
  private final FolderScanner scanner;
  private final ImageCacheBuilder builder;
  private final KeyedLocks locks = new KeyedLocks();
  private final Map<String, SoftReference<LabeledDataset>> loaded = new ConcurrentHashMap<>();

  ImageFolderDatasets(
      DatasetRegistry registry,
      ResidualProperties residual,
      FolderScanner scanner,
      ImageCacheBuilder builder) {
    this.registry = registry;
    this.datasetsDir = residual.datasetsDir();
    this.scanner = scanner;
    this.builder = builder;
  }

  public List<DatasetSummary> list() {
    return registry.list().stream().map(this::summary).toList();
  }

  public Optional<DatasetRecord> find(String name) {
    return registry.find(name);
  }

  public DatasetSummary summary(DatasetRecord r) {
    return new DatasetSummary(
        r.name(),
        DatasetRecord.KIND,
        DatasetStatus.AVAILABLE,
        r.classes(),
        List.of(3, r.imageSize(), r.imageSize()),
        r.trainSize(),
        r.validSize(),
        r.source(),
        directory(r.name()),
        new DatasetSummary.Details(
            r.layout(),
            r.skippedFiles(),
            r.imageStats(),
            r.normalization(),
            r.origin(),
            r.createdAt()));
  }

  public LabeledDataset load(DatasetRecord r) {
    return locks.call(
        r.name(),
        () -> {
          SoftReference<LabeledDataset> cached = loaded.get(r.name());
          LabeledDataset dataset = cached == null ? null : cached.get();
          if (dataset != null) {
            return dataset;
          }
          long start = System.nanoTime();
          try {
            dataset = readCache(r);
          } catch (IOException e) {
            log.warn("Image cache of {} is unusable ({}); rebuilding it", r.name(), e.getMessage());
            dataset = rebuild(r);
          }
          log.info("Loaded {} in {} ms", r.name(), (System.nanoTime() - start) / 1_000_000);
          loaded.put(r.name(), new SoftReference<>(dataset));
          return dataset;
        });
  }

  public void evict(String name) {
    loaded.remove(name);
  }

  public Path directory(String name) {
    return datasetsDir.resolve(name);
  }

  public static Path cacheFile(Path datasetDir, String split) {
    return datasetDir.resolve("cache").resolve(split + ".u8");
  }

  /** Where the original images are: the server folder, or the extracted archive. */
  Path originals(DatasetRecord r) {
    return r.source() == DatasetSource.SERVER_FOLDER
        ? Path.of(r.origin())
        : directory(r.name()).resolve(DatasetImporter.IMAGES);
  }

  private LabeledDataset readCache(DatasetRecord r) throws IOException {
    Path dir = directory(r.name());
    int classes = r.classes().size();
    return new LabeledDataset(
        r.name(),
        r.classes(),
        CacheFile.read(cacheFile(dir, "train"), classes),
        CacheFile.read(cacheFile(dir, "valid"), classes));
  }

  private LabeledDataset rebuild(DatasetRecord r) {
    try {
      FolderLayout layout = scanner.scan(originals(r));
      if (!layout.classes().equals(r.classes())) {
        throw ApiException.conflict(
            "the images of dataset '"
                + r.name()
                + "' have changed since it was registered;"
                + " delete and register it again");
      }
      ImageCacheBuilder.Built built = builder.build(layout, r.imageSize(), (done, total) -> {});
      Path dir = directory(r.name());
      CacheFile.write(cacheFile(dir, "train"), built.train());
      CacheFile.write(cacheFile(dir, "valid"), built.valid());
      return new LabeledDataset(r.name(), r.classes(), built.train(), built.valid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.residual.datasets;

import dev.residual.datasets.archive.ArchiveExtractor;
import dev.residual.datasets.download.DownloadProgressListener;
import dev.residual.datasets.images.CacheFile;
import dev.residual.datasets.images.FolderLayout;
import dev.residual.datasets.images.FolderScanner;
import dev.residual.datasets.images.ImageCacheBuilder;
import dev.residual.datasets.images.ImageFiles;
import dev.residual.datasets.images.ImageFolderDatasets;
import dev.residual.system.ConflictException;
import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Turns an archive or a folder into a registered dataset, all or nothing: extract (archives), read
 * the layout, decode every image once into the cache, then move the staging directory into place
 * and insert the registry row. Any refusal or failure leaves neither files nor a row.
 */
@Component
public class DatasetImporter {

  public static final String IMAGES = "images";

  private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

  private final DatasetRegistry registry;
  private final ImageFolderDatasets folders;
  private final Path datasetsDir;
  private final ArchiveExtractor extractor;
  private final FolderScanner scanner;
  private final ImageCacheBuilder builder;
  private final int cacheSize;
  private final DatasetMeters meters;

  DatasetImporter(
      DatasetRegistry registry,
      ImageFolderDatasets folders,
      ResidualProperties residual,
      DatasetProperties properties,
      ArchiveExtractor extractor,
      FolderScanner scanner,
      ImageCacheBuilder builder,
      DatasetMeters meters) {
    this.registry = registry;
    this.folders = folders;
    this.datasetsDir = residual.datasetsDir();
    this.extractor = extractor;
    this.scanner = scanner;
    this.builder = builder;
    this.cacheSize = properties.images().cacheSize();
    this.meters = meters;
  }

  public Staging stage() throws IOException {
    return Staging.create(datasetsDir);
  }

  /** Extracts {@code archive} (inside {@code staging}) and imports its images. */
  public DatasetSummary importArchive(
      Staging staging,
      Path archive,
      String name,
      DatasetSource source,
      String origin,
      DownloadProgressListener progress)
      throws IOException {
    progress.onPhase("extracting");
    Path images = Files.createDirectory(staging.dir().resolve(IMAGES));
    long archiveBytes = Files.size(archive);
    ArchiveExtractor.Result extracted = extractor.extract(archive, images, ImageFiles::isImageName);
    Files.delete(archive);
    meters.imported(archiveBytes);
    log.info(
        "Extracted {} images of {} ({} entries skipped)",
        extracted.files(),
        name,
        extracted.skipped());
    return finish(staging, images, extracted.skipped(), name, source, origin, progress);
  }

  /** Imports the images of a server folder, which stays where it is; only the cache is ours. */
  public DatasetSummary importFolder(Staging staging, Path folder, String name) throws IOException {
    return finish(
        staging,
        folder,
        0,
        name,
        DatasetSource.SERVER_FOLDER,
        folder.toString(),
        DownloadProgressListener.NONE);
  }

  private DatasetSummary finish(
      Staging staging,
      Path images,
      int skippedBefore,
      String name,
      DatasetSource source,
      String origin,
      DownloadProgressListener progress)
      throws IOException {
    FolderLayout layout = scanner.scan(images);
    progress.onPhase("decoding");
    int side = builder.chooseSide(layout, cacheSize);
    ImageCacheBuilder.Built built = builder.build(layout, side, progress::onImages);
    CacheFile.write(ImageFolderDatasets.cacheFile(staging.dir(), "train"), built.train());
    CacheFile.write(ImageFolderDatasets.cacheFile(staging.dir(), "valid"), built.valid());
    progress.onPhase("registering");
    DatasetRecord record =
        new DatasetRecord(
            name,
            source,
            origin,
            layout.layout(),
            layout.classes(),
            built.train().count(),
            built.valid().count(),
            skippedBefore + layout.skipped(),
            side,
            built.stats(),
            Normalization.of(built.train()),
            Instant.now());
    Path target = folders.directory(name);
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(staging.dir(), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileSystemException e) {
      // rename(2) answers ENOTEMPTY, not EEXIST, for a directory: both mean taken.
      throw new ConflictException("dataset '" + name + "' already exists");
    }
    staging.committed();
    try {
      registry.insert(record);
    } catch (RuntimeException e) {
      FileSystemUtils.deleteRecursively(target);
      if (e instanceof DuplicateKeyException) {
        throw new ConflictException("dataset '" + name + "' already exists");
      }
      throw e;
    }
    log.info(
        "Registered {}: {} classes, {}+{} images at {} px",
        name,
        layout.classes().size(),
        record.trainSize(),
        record.validSize(),
        side);
    return folders.summary(record);
  }
}

package dev.residual.datasets;

import dev.residual.datasets.images.ImageFolderDatasets;
import dev.residual.system.ConflictException;
import dev.residual.system.NotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Deletes a registered dataset: its row, then its directory (extracted images and cache; a server
 * folder's own images are never touched). Refused while a {@link DatasetUsage}, such as a queued or
 * running training job, claims it, or while it is being downloaded.
 */
@Component
class DatasetDeletion {

  private static final Logger log = LoggerFactory.getLogger(DatasetDeletion.class);

  private final DatasetRegistry registry;
  private final ImageFolderDatasets folders;
  private final ArchiveImports archives;
  private final List<DatasetUsage> usages;

  DatasetDeletion(
      DatasetRegistry registry,
      ImageFolderDatasets folders,
      ArchiveImports archives,
      List<DatasetUsage> usages) {
    this.registry = registry;
    this.folders = folders;
    this.archives = archives;
    this.usages = List.copyOf(usages);
  }

  void delete(String name) throws IOException {
    if (BuiltInDatasets.find(name).isPresent()) {
      throw new ConflictException("'" + name + "' is a built-in dataset and cannot be deleted");
    }
    if (archives.inProgress(name)) {
      throw new ConflictException("dataset '" + name + "' is being downloaded");
    }
    if (!DatasetNames.NAME.matcher(name).matches()) {
      throw new NotFoundException("dataset", name);
    }
    if (registry.find(name).isEmpty()) {
      removeOrphan(name);
      return;
    }
    for (DatasetUsage usage : usages) {
      Optional<String> use = usage.findUse(name);
      if (use.isPresent()) {
        throw new ConflictException("dataset '" + name + "' is in use by " + use.get());
      }
    }
    registry.delete(name);
    folders.evict(name);
    FileSystemUtils.deleteRecursively(folders.directory(name));
    log.info("Deleted dataset {}", name);
  }

  /**
   * A directory without its row, left by a crash between an import's move and its insert or a
   * deletion's two steps, is deleted as the dataset would have been; anything else is a 404.
   */
  private void removeOrphan(String name) throws IOException {
    Path dir = folders.directory(name);
    if (!DatasetReconciler.isOrphan(dir, Set.of())
        || !DatasetReconciler.settled(dir, Instant.now().minus(DatasetReconciler.SETTLED))) {
      throw new NotFoundException("dataset", name);
    }
    folders.evict(name);
    FileSystemUtils.deleteRecursively(dir);
    log.info("Deleted the directory of dataset {}, which had no registry row", name);
  }
}

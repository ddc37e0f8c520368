package dev.residual.datasets;

import dev.residual.datasets.images.ImageFolderDatasets;
import dev.residual.system.ApiException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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
      throw ApiException.conflict("'" + name + "' is a built-in dataset and cannot be deleted");
    }
    if (archives.inProgress(name)) {
      throw ApiException.conflict("dataset '" + name + "' is being downloaded");
    }
    if (!DatasetNames.NAME.matcher(name).matches() || registry.find(name).isEmpty()) {
      throw ApiException.notFound("dataset", name);
    }
    for (DatasetUsage usage : usages) {
      Optional<String> use = usage.findUse(name);
      if (use.isPresent()) {
        throw ApiException.conflict("dataset '" + name + "' is in use by " + use.get());
      }
    }
    registry.delete(name);
    folders.evict(name);
    FileSystemUtils.deleteRecursively(folders.directory(name));
    log.info("Deleted dataset {}", name);
  }
}

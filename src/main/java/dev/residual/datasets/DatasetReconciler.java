package dev.residual.datasets;

import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Makes the crash windows of an import or a deletion recoverable. An import moves its staging
 * directory into place and then inserts the row; a deletion deletes the row and then the directory.
 * A crash between the two steps leaves a dataset directory without a row, which answered 409 to an
 * upload and 404 to a delete; a crash during an import leaves its {@code .staging-*} directory.
 *
 * <p>At start-up both are removed: staging directories, and dataset directories (those with a
 * {@code cache} folder, so never a built-in dataset's files) that have no row. Only ones untouched
 * for {@link #SETTLED}: on a volume shared by several instances, another one may be importing.
 */
@Component
class DatasetReconciler {

  /** Far longer than an import's last step (writing the caches, the move, the insert) takes. */
  static final Duration SETTLED = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(DatasetReconciler.class);

  private final DatasetRegistry registry;
  private final Path datasetsDir;

  DatasetReconciler(DatasetRegistry registry, ResidualProperties residual) {
    this.registry = registry;
    this.datasetsDir = residual.datasetsDir();
  }

  @EventListener(ApplicationReadyEvent.class)
  void reconcileAtStartUp() {
    try {
      Set<String> registered =
          registry.list().stream().map(DatasetRecord::name).collect(Collectors.toSet());
      int removed = sweep(datasetsDir, registered, Instant.now().minus(SETTLED));
      if (removed > 0) {
        log.info(
            "Removed {} directories left by interrupted dataset imports or deletions", removed);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not reconcile dataset directories with the registry: {}", e.toString());
    }
  }

  /**
   * Removes staging directories and unregistered dataset directories last modified before {@code
   * settledBefore}.
   *
   * @return how many were removed
   */
  static int sweep(Path datasetsDir, Set<String> registered, Instant settledBefore)
      throws IOException {
    if (!Files.isDirectory(datasetsDir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(datasetsDir)) {
      for (Path dir : entries) {
        if (isLeftOver(dir, registered) && settled(dir, settledBefore)) {
          FileSystemUtils.deleteRecursively(dir);
          removed++;
        }
      }
    }
    return removed;
  }

  /** A dataset directory with no row: what a crash between the two steps leaves. */
  static boolean isOrphan(Path dir, Set<String> registered) {
    String name = dir.getFileName().toString();
    return DatasetNames.NAME.matcher(name).matches()
        && !registered.contains(name)
        && BuiltInDatasets.find(name).isEmpty()
        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isDirectory(dir.resolve("cache"), LinkOption.NOFOLLOW_LINKS);
  }

  static boolean settled(Path dir, Instant settledBefore) throws IOException {
    return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS)
        .toInstant()
        .isBefore(settledBefore);
  }

  private static boolean isLeftOver(Path dir, Set<String> registered) {
    String name = dir.getFileName().toString();
    boolean staging =
        name.startsWith(".staging-") && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    return staging || isOrphan(dir, registered);
  }
}

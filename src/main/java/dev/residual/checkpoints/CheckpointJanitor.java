package dev.residual.checkpoints;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes what a crash can leave behind: {@code .tmp} files of interrupted writes and archives
 * renamed into place whose row was never inserted. Neither is ever referenced, so deleting them
 * loses nothing; files of saves in flight, or younger than the grace period, are left alone.
 */
@Component
class CheckpointJanitor {

  private static final Logger log = LoggerFactory.getLogger(CheckpointJanitor.class);

  private final CheckpointRepository repository;
  private final CheckpointFiles files;
  private final CheckpointProperties properties;

  CheckpointJanitor(
      CheckpointRepository repository, CheckpointFiles files, CheckpointProperties properties) {
    this.repository = repository;
    this.files = files;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    try {
      cleanUp();
    } catch (IOException | RuntimeException e) {
      // A failed sweep only leaves unreferenced files behind; it must not stop the service.
      log.warn("Checkpoint clean-up failed: {}", e.toString());
    }
  }

  /** Deletes orphans and leftovers under the checkpoint directory and returns their paths. */
  List<Path> cleanUp() throws IOException {
    Path root = files.root();
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return deleted;
    }
    Instant cutoff = Instant.now().minus(properties.orphanGrace());
    // Rows are read before the files are listed: a save recorded meanwhile is younger than cutoff.
    Set<String> recorded = repository.fileNames();
    try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path job : jobs) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(job, Files::isRegularFile)) {
          for (Path file : entries) {
            String name = job.getFileName() + "/" + file.getFileName();
            if (isLeftover(name, recorded) && isOld(file, cutoff) && files.delete(file)) {
              deleted.add(file);
            }
          }
        }
      }
    }
    deleted.forEach(f -> log.info("Deleted unreferenced checkpoint file {}", f));
    recorded.stream()
        .filter(name -> !Files.exists(files.resolve(name)))
        .forEach(name -> log.warn("Checkpoint file {} is recorded but missing", name));
    return deleted;
  }

  private boolean isLeftover(String name, Set<String> recorded) {
    if (name.endsWith(CheckpointFiles.TMP_SUFFIX)) {
      String target = name.substring(0, name.length() - CheckpointFiles.TMP_SUFFIX.length());
      return !files.isClaimed(target);
    }
    // Only files named like checkpoints are touched; anything else is not ours to delete.
    return name.endsWith(".zip") && !recorded.contains(name) && !files.isClaimed(name);
  }

  private static boolean isOld(Path file, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false; // gone already, or unreadable: not ours to judge
    }
  }
}

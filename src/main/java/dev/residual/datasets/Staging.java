package dev.residual.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.util.FileSystemUtils;

/**
 * A private directory under the datasets directory where one import is assembled (upload, extracted
 * images, cache). It becomes the dataset's directory by one atomic rename; until then, closing it
 * removes everything the import wrote, whatever went wrong. Being on the same file system as its
 * destination is what makes the rename atomic.
 */
public final class Staging implements AutoCloseable {

  private final Path dir;
  private boolean committed;

  private Staging(Path dir) {
    this.dir = dir;
  }

  static Staging create(Path datasetsDir) throws IOException {
    Files.createDirectories(datasetsDir);
    return new Staging(Files.createDirectory(datasetsDir.resolve(".staging-" + UUID.randomUUID())));
  }

  public Path dir() {
    return dir;
  }

  /** Called once the directory has been moved into place: nothing is deleted any more. */
  void committed() {
    committed = true;
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        // Spring's walk does not follow links, so a link (never created here) cannot redirect it.
        FileSystemUtils.deleteRecursively(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + dir, e);
      }
    }
  }
}

package dev.residual.datasets;

import dev.residual.system.DomainException;
import dev.residual.system.ForbiddenException;
import dev.residual.system.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Decides which server folders may be registered: only those under {@code residual.datasets.roots},
 * checked twice, on the normalised path (before the file system is asked anything, so that the
 * answer does not reveal what exists elsewhere) and on the real path with every symbolic link
 * resolved (so that a link inside a root cannot lead out of it).
 */
@Component
public class ServerFolders {

  private final List<Path> roots;

  ServerFolders(DatasetProperties properties) {
    this.roots = properties.roots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
  }

  public Path resolve(String path) throws IOException {
    if (path == null || path.isBlank()) {
      throw InvalidRequestException.field("path", "is required");
    }
    Path requested;
    try {
      requested = Path.of(path);
    } catch (InvalidPathException e) {
      throw InvalidRequestException.field("path", "is not a valid path");
    }
    if (!requested.isAbsolute()) {
      throw InvalidRequestException.field("path", "must be absolute");
    }
    if (roots.isEmpty()) {
      throw forbidden("registering server folders is disabled (no residual.datasets.roots)");
    }
    if (!under(requested.normalize(), roots)) {
      throw forbidden("path is not under the configured residual.datasets.roots");
    }
    Path real;
    try {
      real = requested.toRealPath();
    } catch (NoSuchFileException e) {
      throw InvalidRequestException.field("path", "does not exist");
    }
    List<Path> realRoots = new ArrayList<>();
    for (Path root : roots) {
      if (Files.exists(root)) {
        realRoots.add(root.toRealPath());
      }
    }
    if (!under(real, realRoots)) {
      throw forbidden("path leads out of residual.datasets.roots through a symbolic link");
    }
    if (!Files.isDirectory(real)) {
      throw InvalidRequestException.field("path", "is not a directory");
    }
    return real;
  }

  private static boolean under(Path path, List<Path> roots) {
    // Path.startsWith compares whole names, so /data-evil is not under /data.
    return roots.stream().anyMatch(path::startsWith);
  }

  private static DomainException forbidden(String detail) {
    return new ForbiddenException(detail);
  }
}

package dev.residual.datasets;

import dev.residual.datasets.idx.IdxDatasetSpec;
import dev.residual.datasets.idx.IdxFileSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a dataset's directory: the one configured for it, else the system one, else the one under
 * the data directory where downloads go. A directory counts only when it holds all four files, each
 * either gzip-compressed under its upstream name or unpacked without {@code .gz}.
 */
public final class DatasetLocator {

  private static final Logger log = LoggerFactory.getLogger(DatasetLocator.class);

  /** A directory holding a dataset and how it was found. */
  public record Location(Path directory, DatasetSource source) {}

  private final Map<String, Path> configuredDirs;
  private final Path systemDir;
  private final Path datasetsDir;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public DatasetLocator(Map<String, Path> configuredDirs, Path systemDir, Path datasetsDir) {
    this.configuredDirs = Map.copyOf(configuredDirs);
    this.systemDir = systemDir;
    this.datasetsDir = datasetsDir;
  }

  public Optional<Location> locate(IdxDatasetSpec spec) {
    List<Location> candidates = new ArrayList<>();
    Path configured = configuredDirs.get(spec.name());
    if (configured != null) {
      candidates.add(new Location(configured, DatasetSource.CONFIGURED));
    }
    candidates.add(new Location(systemDir.resolve(spec.name()), DatasetSource.SYSTEM));
    candidates.add(new Location(downloadDir(spec), DatasetSource.DATA_DIR));
    for (Location candidate : candidates) {
      if (spec.files().stream().allMatch(file -> find(candidate.directory(), file).isPresent())) {
        return Optional.of(candidate);
      }
      if (candidate.source() == DatasetSource.CONFIGURED && warned.add(spec.name())) {
        // Once per name: list() runs this on every request.
        log.warn("{} lacks some files of {}; looking elsewhere", configured, spec.name());
      }
    }
    return Optional.empty();
  }

  public Path downloadDir(IdxDatasetSpec spec) {
    return datasetsDir.resolve(spec.name());
  }

  public static Optional<Path> find(Path directory, IdxFileSpec file) {
    for (String name : List.of(file.fileName(), file.rawName())) {
      Path path = directory.resolve(name);
      if (Files.isRegularFile(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }
}

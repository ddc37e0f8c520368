package dev.residual.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-dataset normalisation statistics on disk ({@code <dir>/<name>.json}): computed once over a
 * dataset's training split, then read back by every later run and process. A file that cannot be
 * read is computed again and replaced; a failed write only costs the next process a recomputation.
 */
public final class NormalizationStore {

  private static final Logger log = LoggerFactory.getLogger(NormalizationStore.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dir;

  public NormalizationStore(Path dir) {
    this.dir = dir;
  }

  /** The stored statistics of {@code name}, or {@code compute}'s, stored for next time. */
  public Normalization get(String name, Supplier<Normalization> compute) {
    Path file = dir.resolve(name + ".json");
    Optional<Normalization> stored = read(file);
    if (stored.isPresent()) {
      return stored.get();
    }
    Normalization computed = compute.get();
    write(file, computed);
    return computed;
  }

  private static Optional<Normalization> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Normalization.class));
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      log.warn("Ignoring unreadable normalisation statistics {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static void write(Path file, Normalization normalization) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(normalization));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot store normalisation statistics in {}: {}", file, e.getMessage());
    }
  }
}

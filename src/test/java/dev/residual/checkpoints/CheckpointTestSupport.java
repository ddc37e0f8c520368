package dev.residual.checkpoints;

import dev.residual.models.Architectures;
import dev.residual.system.ResidualProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint store as the service builds it, on a private in-memory H2 database (PostgreSQL mode,
 * migrated by Flyway) and a temporary directory, without starting Spring.
 */
final class CheckpointTestSupport {

  /** Configured like the service's mapper: unknown properties are errors, not silently dropped. */
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  static final CheckpointProperties PROPERTIES =
      new CheckpointProperties(
          3, DataSize.ofMegabytes(1), DataSize.ofGigabytes(4), Duration.ofMinutes(1));

  final JdbcClient jdbc;
  final CheckpointRepository repository;
  final CheckpointFiles files;
  final List<CheckpointUsage> usages = new ArrayList<>();
  final CheckpointStore store;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private final Path dataDir;

  CheckpointTestSupport(Path dataDir) {
    this(dataDir, migratedDatabase());
  }

  private CheckpointTestSupport(Path dataDir, JdbcClient jdbc) {
    this.dataDir = dataDir;
    this.jdbc = jdbc;
    this.repository = new CheckpointRepository(jdbc, JSON);
    this.files = new CheckpointFiles(new ResidualProperties(dataDir));
    // The usages list is shared, so a test can claim a checkpoint after the store is built.
    this.store =
        new CheckpointStore(
            repository, files, PROPERTIES, JSON, usagesView(), new CheckpointMeters(meters));
  }

  private static JdbcClient migratedDatabase() {
    String url =
        "jdbc:h2:mem:checkpoints-"
            + UUID.randomUUID()
            // The service's H2 settings, and kept alive between connections.
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1";
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
    Flyway.configure().dataSource(dataSource).load().migrate();
    return JdbcClient.create(dataSource);
  }

  /** The same database and directory seen by a new process: nothing in flight, no claims. */
  CheckpointTestSupport restarted() {
    return new CheckpointTestSupport(dataDir, jdbc);
  }

  private List<CheckpointUsage> usagesView() {
    return List.of(id -> usages.stream().flatMap(u -> u.findUse(id).stream()).findFirst());
  }

  CheckpointJanitor janitor() {
    return new CheckpointJanitor(repository, files, PROPERTIES);
  }

  static CheckpointMetadata metadata(int epoch, Map<String, Double> metrics) {
    return new CheckpointMetadata(
        CheckpointMetadata.FORMAT_VERSION,
        Architectures.named("resnet18").orElseThrow(),
        List.of("T-shirt/top", "Trouser", "Pullover"),
        List.of(1, 28, 28),
        new CheckpointMetadata.Normalization(List.of(0.2860f), List.of(0.3530f)),
        JSON.createObjectNode().put("dataset", "fashion-mnist").put("epochs", 5).put("lr", 0.004),
        epoch,
        metrics,
        "0.36.0",
        "PyTorch",
        "2.7.1",
        Instant.parse("2025-01-02T03:04:05.123456Z"),
        null);
  }

  /** A checkpoint whose payloads are recognisable byte patterns. */
  static NewCheckpoint checkpoint(UUID jobId, int epoch, Double top1, boolean optimizer) {
    Map<String, Double> metrics =
        top1 == null ? Map.of("trainLoss", 0.5) : Map.of("trainLoss", 0.5, "top1", top1);
    return new NewCheckpoint(
        jobId,
        epoch,
        metadata(epoch, metrics),
        top1,
        out -> out.write(params(epoch)),
        optimizer ? out -> out.write(optimizerState(epoch)) : null);
  }

  static byte[] params(int epoch) {
    byte[] bytes = new byte[10_000 + epoch];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + epoch);
    }
    return bytes;
  }

  static byte[] optimizerState(int epoch) {
    return ("adam state after epoch " + epoch).getBytes();
  }

  Path fileOf(Checkpoint c) {
    return files.root().resolve(c.jobId().toString()).resolve(c.id() + ".zip");
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** Backdates a file, as if a crash had left it there before this start-up. */
  static void age(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
  }
}

package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.age;
import static dev.residual.checkpoints.CheckpointTestSupport.checkpoint;
import static dev.residual.checkpoints.CheckpointTestSupport.params;
import static dev.residual.checkpoints.CheckpointTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.system.ResidualProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The store wired by Spring with the service's own configuration (application.yaml: H2 file
 * database, Flyway, the strict JSON mapper), but without the web layer or DJL: a start-up on a
 * directory where a crash left an unrecorded archive and a {@code .tmp} file.
 */
@SpringBootTest(classes = CheckpointWiringTest.Wiring.class)
class CheckpointWiringTest {

  @TempDir static Path dataDir;
  private static Path orphan;
  private static Path tmp;

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    DataSourceAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class,
    JdbcClientAutoConfiguration.class,
    FlywayAutoConfiguration.class,
    JacksonAutoConfiguration.class
  })
  @EnableConfigurationProperties({ResidualProperties.class, CheckpointProperties.class})
  @Import({
    CheckpointStore.class,
    CheckpointRepository.class,
    CheckpointFiles.class,
    CheckpointJanitor.class,
    CheckpointMeters.class,
    SimpleMeterRegistry.class
  })
  static class Wiring {}

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("residual.data-dir", () -> dataDir.toString());
  }

  @BeforeAll
  static void leaveCrashDebris() throws IOException {
    Path job =
        Files.createDirectories(
            dataDir.resolve("checkpoints").resolve(UUID.randomUUID().toString()));
    orphan = Files.write(job.resolve(UUID.randomUUID() + ".zip"), new byte[] {'P', 'K', 3, 4});
    tmp = Files.write(job.resolve(UUID.randomUUID() + ".zip.tmp"), new byte[] {'P', 'K'});
    age(orphan);
    age(tmp);
  }

  @Autowired private CheckpointStore store;
  @Autowired private CheckpointProperties properties;

  @Test
  void startUpRemovedTheDebrisAndTheStoreWorksWithTheServicesMapper() throws IOException {
    assertThat(orphan).doesNotExist();
    assertThat(tmp).doesNotExist();

    UUID job = UUID.randomUUID();
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));

    assertThat(store.find(saved.id())).isEqualTo(saved);
    assertThat(readAll(store.openPayload(saved.id(), CheckpointStore.MODEL_PARAMS)))
        .isEqualTo(params(1));
    assertThat(dataDir.resolve("checkpoints").resolve(job.toString()).resolve(saved.id() + ".zip"))
        .exists();
  }

  @Test
  void settingsHaveTheirDefaults() {
    assertThat(properties.keepLast()).isEqualTo(3);
    assertThat(properties.maxMetadataSize()).isEqualTo(DataSize.ofMegabytes(1));
    assertThat(properties.maxEntrySize()).isEqualTo(DataSize.ofGigabytes(4));
  }
}

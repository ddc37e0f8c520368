package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.system.ResidualProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a crash can leave behind in the datasets directory is recoverable: a dataset directory
 * without its row (a crash between an import's move and its insert, or between a deletion's row and
 * directory) can be deleted through the API and is swept at start-up, as are the staging
 * directories of interrupted imports. Fresh ones, which another instance may still be writing, and
 * built-in datasets' files are left alone.
 */
@ResidualIntegrationTest
class DatasetCrashRecoveryTest {

  static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(2));

  @LocalServerPort int port;
  @Autowired ResidualProperties residual;

  @TempDir Path dir;

  @Test
  void aDirectoryWithoutItsRowCanBeDeletedInsteadOf404Forever() throws IOException {
    Path orphan = dataset(residual.datasetsDir(), "crashed-import", LONG_AGO);
    Http http = new Http(port);

    assertThat(http.delete("/api/v1/datasets/crashed-import").statusCode()).isEqualTo(204);
    assertThat(orphan).doesNotExist();
    assertThat(http.delete("/api/v1/datasets/crashed-import").statusCode()).isEqualTo(404);
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void theStartUpSweepRemovesLeftOversOnly() throws IOException {
    Path staging = Files.createDirectories(dir.resolve(".staging-1234/images/a"));
    Files.write(staging.resolve("x.png"), new byte[] {1});
    touch(dir.resolve(".staging-1234"), LONG_AGO);
    Path orphan = dataset(dir, "orphan", LONG_AGO);
    Path registered = dataset(dir, "registered", LONG_AGO);
    Path fresh = dataset(dir, "being-imported", Instant.now());
    Path builtIn = Files.createDirectories(dir.resolve("fashion-mnist"));
    Files.createDirectories(builtIn.resolve("cache"));
    touch(builtIn, LONG_AGO);
    Path normalization = Files.createDirectories(dir.resolve("normalization"));

    int removed =
        DatasetReconciler.sweep(
            dir, Set.of("registered"), Instant.now().minus(DatasetReconciler.SETTLED));

    assertThat(removed).isEqualTo(2);
    assertThat(dir.resolve(".staging-1234")).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(registered).exists();
    assertThat(fresh).exists();
    assertThat(builtIn).exists();
    assertThat(normalization).exists();
  }

  private static Path dataset(Path datasetsDir, String name, Instant modified) throws IOException {
    Path dataset = Files.createDirectories(datasetsDir.resolve(name));
    Files.write(Files.createDirectories(dataset.resolve("cache")).resolve("train.u8"), new byte[4]);
    touch(dataset, modified);
    return dataset;
  }

  private static void touch(Path path, Instant modified) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(modified));
  }
}

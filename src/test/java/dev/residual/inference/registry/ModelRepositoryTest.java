package dev.residual.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.residual.inference.registry.ModelRepository.VersionRow;
import dev.residual.support.TestPostgres;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry's SQL, migrated by Flyway, on H2 in PostgreSQL mode and on PostgreSQL. */
class ModelRepositoryTest {

  private HikariDataSource dataSource;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  @AfterEach
  void close() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private JdbcClient connect(String database) {
    dataSource = new HikariDataSource();
    if (database.equals("h2")) {
      dataSource.setJdbcUrl(
          "jdbc:h2:mem:"
              + UUID.randomUUID()
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    } else {
      TestPostgres.Database pg = TestPostgres.fresh();
      dataSource.setJdbcUrl(pg.url());
      dataSource.setUsername(pg.username());
      dataSource.setPassword(pg.password());
    }
    Flyway.configure().dataSource(dataSource).load().migrate();
    return JdbcClient.create(dataSource);
  }

  private static UUID checkpoint(JdbcClient jdbc) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into checkpoint (id, job_id, epoch, file_name, sha256, size_bytes, top1,"
                + " metadata_json, created_at) values (?, null, 1, ?, ?, 1, null, '{}', ?)")
        .params(id.toString(), id + ".zip", "0".repeat(64), OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return id;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void versionsAreNumberedWithoutReuseAndActivatedOnlyIfTheyExist(String database) {
    JdbcClient jdbc = connect(database);
    ModelRepository models = new ModelRepository(jdbc);
    UUID checkpoint = checkpoint(jdbc);
    Instant now = Instant.now();

    assertThat(models.insertModel("fashion", now)).isTrue();
    assertThat(models.insertModel("fashion", now)).isFalse();
    int first = models.nextVersion("fashion", now).orElseThrow();
    models.insertVersion("fashion", first, checkpoint, now);
    int second = models.nextVersion("fashion", now).orElseThrow();
    models.insertVersion("fashion", second, checkpoint, now);
    assertThat(models.deleteVersion("fashion", second)).isTrue();
    int third = models.nextVersion("fashion", now).orElseThrow();

    assertThat(first).isEqualTo(1);
    assertThat(third).as("a deleted number is never handed out again").isEqualTo(3);
    assertThat(models.nextVersion("unknown", now)).isEmpty();
    assertThat(models.setActive("fashion", second, now)).isFalse();
    assertThat(models.setActive("fashion", first, now)).isTrue();
    assertThat(models.find("fashion").orElseThrow().activeVersion()).isEqualTo(1);
    assertThat(models.activeVersions())
        .extracting(VersionRow::model, VersionRow::version, VersionRow::checkpointId)
        .containsExactly(tuple("fashion", 1, checkpoint));
    assertThat(models.findByCheckpoint(checkpoint)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aUsedCheckpointCannotBeDeletedAndAModelTakesItsVersionsAlong(String database) {
    JdbcClient jdbc = connect(database);
    ModelRepository models = new ModelRepository(jdbc);
    UUID checkpoint = checkpoint(jdbc);
    Instant now = Instant.now();
    models.insertModel("pets", now);
    models.insertVersion("pets", models.nextVersion("pets", now).orElseThrow(), checkpoint, now);

    assertThatThrownBy(
            () ->
                jdbc.sql("delete from checkpoint where id = ?")
                    .param(checkpoint.toString())
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);

    assertThat(models.deleteModel("pets")).isTrue();
    assertThat(models.versions("pets")).isEmpty();
    assertThat(models.findByCheckpoint(checkpoint)).isEmpty();
    assertThat(
            jdbc.sql("delete from checkpoint where id = ?").param(checkpoint.toString()).update())
        .isEqualTo(1);
  }
}

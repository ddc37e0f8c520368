package dev.residual.inference.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code model} and {@code model_version} tables. */
@Repository
public class ModelRepository {

  private static final String MODEL_COLUMNS =
      "select name, active_version, last_version, created_at, updated_at from model";
  private static final String VERSION_COLUMNS =
      "select model_name, version, checkpoint_id, created_at from model_version";

  private final JdbcClient jdbc;

  ModelRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A model row. */
  public record ModelRow(
      String name,
      @Nullable Integer activeVersion,
      int lastVersion,
      Instant createdAt,
      Instant updatedAt) {}

  /** A version row. */
  public record VersionRow(String model, int version, UUID checkpointId, Instant createdAt) {}

  /** Creates the model unless it exists; false if it did. */
  boolean insertModel(String name, Instant now) {
    try {
      jdbc.sql("insert into model (name, last_version, created_at, updated_at) values (?, 0, ?, ?)")
          .params(name, utc(now), utc(now))
          .update();
      return true;
    } catch (DuplicateKeyException exists) {
      return false;
    }
  }

  /** Takes the model's next version number, locking its row; empty if the model is gone. */
  Optional<Integer> nextVersion(String name, Instant now) {
    int updated =
        jdbc.sql("update model set last_version = last_version + 1, updated_at = ? where name = ?")
            .params(utc(now), name)
            .update();
    if (updated == 0) {
      return Optional.empty();
    }
    return jdbc.sql("select last_version from model where name = ?")
        .param(name)
        .query(Integer.class)
        .optional();
  }

  void insertVersion(String name, int version, UUID checkpointId, Instant now) {
    jdbc.sql(
            "insert into model_version (model_name, version, checkpoint_id, created_at)"
                + " values (?, ?, ?, ?)")
        .params(name, version, checkpointId.toString(), utc(now))
        .update();
  }

  public Optional<ModelRow> find(String name) {
    return jdbc.sql(MODEL_COLUMNS + " where name = ?").param(name).query(this::model).optional();
  }

  List<ModelRow> findAll() {
    return jdbc.sql(MODEL_COLUMNS + " order by name").query(this::model).list();
  }

  /** The model's versions, newest first. */
  List<VersionRow> versions(String name) {
    return jdbc.sql(VERSION_COLUMNS + " where model_name = ? order by version desc")
        .param(name)
        .query(this::version)
        .list();
  }

  public Optional<VersionRow> version(String name, int version) {
    return jdbc.sql(VERSION_COLUMNS + " where model_name = ? and version = ?")
        .params(name, version)
        .query(this::version)
        .optional();
  }

  /** Every model's active version. */
  List<VersionRow> activeVersions() {
    return jdbc.sql(
            "select v.model_name, v.version, v.checkpoint_id, v.created_at from model m"
                + " join model_version v on v.model_name = m.name and v.version = m.active_version"
                + " order by m.name")
        .query(this::version)
        .list();
  }

  /** Makes {@code version} the active one; false if the model or version no longer exists. */
  boolean setActive(String name, int version, Instant now) {
    return jdbc.sql(
                "update model set active_version = ?, updated_at = ? where name = ? and exists"
                    + " (select 1 from model_version where model_name = ? and version = ?)")
            .params(version, utc(now), name, name, version)
            .update()
        == 1;
  }

  boolean deleteVersion(String name, int version) {
    return jdbc.sql("delete from model_version where model_name = ? and version = ?")
            .params(name, version)
            .update()
        == 1;
  }

  boolean deleteModel(String name) {
    return jdbc.sql("delete from model where name = ?").param(name).update() == 1;
  }

  /** The versions that use a checkpoint. */
  List<VersionRow> findByCheckpoint(UUID checkpointId) {
    return jdbc.sql(VERSION_COLUMNS + " where checkpoint_id = ? order by model_name, version")
        .param(checkpointId.toString())
        .query(this::version)
        .list();
  }

  private ModelRow model(ResultSet rs, int row) throws SQLException {
    int active = rs.getInt("active_version");
    boolean noActive = rs.wasNull();
    return new ModelRow(
        rs.getString("name"),
        noActive ? null : active,
        rs.getInt("last_version"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private VersionRow version(ResultSet rs, int row) throws SQLException {
    return new VersionRow(
        rs.getString("model_name"),
        rs.getInt("version"),
        UUID.fromString(rs.getString("checkpoint_id")),
        instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}

package dev.residual.checkpoints;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The {@code checkpoint} table, in SQL that H2 (PostgreSQL mode) and PostgreSQL both run. */
@Repository
class CheckpointRepository {

  private static final String COLUMNS =
      "select id, job_id, epoch, file_name, sha256, size_bytes, top1, metadata_json, created_at"
          + " from checkpoint";

  private final JdbcClient jdbc;
  private final JsonMapper jsonMapper;

  CheckpointRepository(JdbcClient jdbc, JsonMapper jsonMapper) {
    this.jdbc = jdbc;
    this.jsonMapper = jsonMapper;
  }

  /** A row: the public record plus where its file lives, which never leaves this package. */
  record Stored(Checkpoint checkpoint, String fileName) {}

  void insert(Checkpoint c, String fileName, byte[] metadataJson) {
    jdbc.sql(
            "insert into checkpoint (id, job_id, epoch, file_name, sha256, size_bytes, top1,"
                + " metadata_json, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            c.id().toString(),
            c.jobId() == null ? null : c.jobId().toString(),
            c.epoch(),
            fileName,
            c.sha256(),
            c.sizeBytes(),
            c.top1(),
            new String(metadataJson, StandardCharsets.UTF_8),
            OffsetDateTime.ofInstant(c.createdAt(), ZoneOffset.UTC))
        .update();
  }

  Optional<Stored> find(UUID id) {
    return jdbc.sql(COLUMNS + " where id = ?").param(id.toString()).query(this::map).optional();
  }

  /** A job's checkpoints, latest epoch first. */
  List<Stored> findByJob(UUID jobId) {
    return jdbc.sql(COLUMNS + " where job_id = ? order by epoch desc, created_at desc, id")
        .param(jobId.toString())
        .query(this::map)
        .list();
  }

  /** The newest checkpoints of all jobs. */
  List<Stored> findRecent(int limit) {
    return jdbc.sql(COLUMNS + " order by created_at desc, id fetch first ? rows only")
        .param(limit)
        .query(this::map)
        .list();
  }

  /** The highest top-1 of a job; a tie goes to the later epoch. */
  Optional<Stored> findBest(UUID jobId) {
    // Rows without top1 are filtered out: PostgreSQL sorts NULL first in descending order.
    return jdbc.sql(
            COLUMNS
                + " where job_id = ? and top1 is not null"
                + " order by top1 desc, epoch desc, created_at desc fetch first 1 rows only")
        .param(jobId.toString())
        .query(this::map)
        .optional();
  }

  Optional<Stored> findLatest(UUID jobId) {
    return jdbc.sql(
            COLUMNS
                + " where job_id = ? order by epoch desc, created_at desc fetch first 1 rows only")
        .param(jobId.toString())
        .query(this::map)
        .optional();
  }

  Set<String> fileNames() {
    return new HashSet<>(jdbc.sql("select file_name from checkpoint").query(String.class).list());
  }

  boolean delete(UUID id) {
    return jdbc.sql("delete from checkpoint where id = ?").param(id.toString()).update() > 0;
  }

  private Stored map(ResultSet rs, int row) throws SQLException {
    UUID id = UUID.fromString(rs.getString("id"));
    String jobId = rs.getString("job_id");
    double top1 = rs.getDouble("top1");
    boolean noTop1 = rs.wasNull();
    CheckpointMetadata metadata;
    try {
      metadata = jsonMapper.readValue(rs.getString("metadata_json"), CheckpointMetadata.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidCheckpointException("checkpoint '" + id + "' has unreadable metadata");
    }
    Checkpoint checkpoint =
        new Checkpoint(
            id,
            jobId == null ? null : UUID.fromString(jobId),
            rs.getInt("epoch"),
            rs.getString("sha256"),
            rs.getLong("size_bytes"),
            noTop1 ? null : top1,
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            metadata);
    return new Stored(checkpoint, rs.getString("file_name"));
  }
}

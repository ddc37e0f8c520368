package dev.residual.experiments.internal;

import dev.residual.experiments.SecondSizeResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code experiment} and {@code experiment_evaluation}; portable between H2 and PostgreSQL.
 */
@Repository
public class ExperimentRepository {

  private static final String COLUMNS =
      "id, name, preset, request_json, job_count, cancel_requested, created_at";

  private final JdbcClient jdbc;

  ExperimentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One row of {@code experiment}, its definition still as JSON. */
  public record Row(
      String id,
      String name,
      String preset,
      String definitionJson,
      int jobCount,
      boolean cancelRequested,
      Instant createdAt) {}

  public void insert(Row row) {
    jdbc.sql(
            "insert into experiment ("
                + COLUMNS
                + ") values (:id, :name, :preset, :definition,"
                + " :jobs, false, :created)")
        .param("id", row.id())
        .param("name", row.name())
        .param("preset", row.preset(), Types.VARCHAR)
        .param("definition", row.definitionJson())
        .param("jobs", row.jobCount())
        .param("created", row.createdAt().atOffset(ZoneOffset.UTC))
        .update();
  }

  public Optional<Row> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from experiment where id = :id")
        .param("id", id)
        .query(ExperimentRepository::map)
        .optional();
  }

  /** Whether the experiment exists, without reading its definition. */
  public boolean exists(String id) {
    return jdbc.sql("select count(*) from experiment where id = :id")
            .param("id", id)
            .query(Long.class)
            .single()
        > 0;
  }

  public List<Row> page(int offset, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from experiment order by created_at desc, id"
                + " limit :limit offset :offset")
        .param("limit", limit)
        .param("offset", offset)
        .query(ExperimentRepository::map)
        .list();
  }

  public long count() {
    return jdbc.sql("select count(*) from experiment").query(Long.class).single();
  }

  public void requestCancel(String id) {
    jdbc.sql("update experiment set cancel_requested = true where id = :id")
        .param("id", id)
        .update();
  }

  /** Deletes the row; its jobs must be gone already. */
  public void delete(String id) {
    jdbc.sql("delete from experiment where id = :id").param("id", id).update();
  }

  /** Records a job's second-size evaluation; a second call for the job changes nothing. */
  public void saveEvaluation(String jobId, SecondSizeResult result) {
    // Insert-if-absent in one statement that both databases understand.
    jdbc.sql(
            "insert into experiment_evaluation (job_id, image_size, top1, top5, loss,"
                + " not_applicable, created_at) select :job, :size, :top1, :top5, :loss, :na, :now"
                + " where not exists (select 1 from experiment_evaluation where job_id = :job)")
        .param("job", jobId)
        .param("size", result.imageSize())
        .param("top1", result.top1(), Types.DOUBLE)
        .param("top5", result.top5(), Types.DOUBLE)
        .param("loss", result.loss(), Types.DOUBLE)
        .param("na", result.notApplicable(), Types.VARCHAR)
        .param("now", OffsetDateTime.now(ZoneOffset.UTC))
        .update();
  }

  /** The second-size evaluations of an experiment's jobs, by job id. */
  public Map<String, SecondSizeResult> evaluations(String experimentId) {
    return jdbc
        .sql(
            "select ev.job_id, ev.image_size, ev.top1, ev.top5, ev.loss, ev.not_applicable"
                + " from experiment_evaluation ev join training_job j on j.id = ev.job_id"
                + " where j.experiment_id = :experiment")
        .param("experiment", experimentId)
        .query(
            (rs, i) ->
                Map.entry(
                    rs.getString("job_id"),
                    new SecondSizeResult(
                        rs.getInt("image_size"),
                        rs.getObject("top1", Double.class),
                        rs.getObject("top5", Double.class),
                        rs.getObject("loss", Double.class),
                        rs.getString("not_applicable"))))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static Row map(ResultSet rs, int row) throws SQLException {
    return new Row(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("preset"),
        rs.getString("request_json"),
        rs.getInt("job_count"),
        rs.getBoolean("cancel_requested"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}

package dev.residual.training.internal;

import dev.residual.training.JobStatus;
import dev.residual.training.JobTag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code training_job}; portable between H2 (PostgreSQL mode) and PostgreSQL. */
@Repository
public class JobRepository {

  private static final String COLUMNS =
      "id, kind, status, dataset, request_json, error, attempts, cancel_requested, lease_owner,"
          + " lease_expires_at, epochs_completed, progress, latest_metrics, best_metrics,"
          + " best_checkpoint_id, created_at, started_at, finished_at, claimed_by, publication,"
          + " experiment_id, experiment_variant, experiment_seed";

  private final JdbcClient jdbc;

  JobRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String id, String kind, String dataset, String requestJson, Instant now) {
    insert(id, kind, dataset, requestJson, null, now);
  }

  /** Inserts a queued job; {@code tag} (may be null) makes it a cell of an experiment. */
  public void insert(
      String id, String kind, String dataset, String requestJson, JobTag tag, Instant now) {
    jdbc.sql(
            "insert into training_job (id, kind, status, dataset, request_json, created_at,"
                + " updated_at, experiment_id, experiment_variant, experiment_seed)"
                + " values (:id, :kind, 'QUEUED', :dataset, :request, :now, :now, :experiment,"
                + " :variant, :seed)")
        .param("id", id)
        .param("kind", kind)
        .param("dataset", dataset)
        .param("request", requestJson)
        .param("now", odt(now))
        .param("experiment", tag == null ? null : tag.experimentId(), java.sql.Types.VARCHAR)
        .param("variant", tag == null ? null : tag.variant(), java.sql.Types.VARCHAR)
        .param("seed", tag == null ? null : tag.seed(), java.sql.Types.BIGINT)
        .update();
  }

  /** The jobs of an experiment, by variant and seed. */
  public List<JobRow> ofExperiment(String experimentId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from training_job where experiment_id = :experiment"
                + " order by experiment_variant, experiment_seed")
        .param("experiment", experimentId)
        .query(JobRepository::map)
        .list();
  }

  public Optional<JobRow> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from training_job where id = :id")
        .param("id", id)
        .query(JobRepository::map)
        .optional();
  }

  public List<JobRow> page(JobStatus status, int offset, int limit) {
    String where = status == null ? "" : " where status = :status";
    var spec =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from training_job"
                    + where
                    + " order by created_at desc, id limit :limit offset :offset")
            .param("limit", limit)
            .param("offset", offset);
    if (status != null) {
      spec = spec.param("status", status.name());
    }
    return spec.query(JobRepository::map).list();
  }

  public long count(JobStatus status) {
    if (status == null) {
      return jdbc.sql("select count(*) from training_job").query(Long.class).single();
    }
    return jdbc.sql("select count(*) from training_job where status = :status")
        .param("status", status.name())
        .query(Long.class)
        .single();
  }

  /** A kind and status of jobs, for counting them. */
  record KindStatus(String kind, String status) {}

  /** How many jobs there are of each kind and status that has any. */
  Map<KindStatus, Long> countByKindAndStatus() {
    Map<KindStatus, Long> counts = new HashMap<>();
    jdbc.sql("select kind, status, count(*) as jobs from training_job group by kind, status")
        .query(
            (RowCallbackHandler)
                rs ->
                    counts.put(
                        new KindStatus(rs.getString("kind"), rs.getString("status")),
                        rs.getLong("jobs")));
    return counts;
  }

  /**
   * Locks the oldest claimable job: queued, or running under a lease that has expired. {@code SKIP
   * LOCKED} lets several instances poll one table without handing the same job out twice; must run
   * inside a transaction.
   */
  Optional<JobRow> lockNextClaimable(Instant now) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from training_job where status = 'QUEUED'"
                + " or (status = 'RUNNING' and lease_expires_at < :now)"
                + " order by created_at, id limit 1 for update skip locked")
        .param("now", odt(now))
        .query(JobRepository::map)
        .optional();
  }

  int markRunning(String id, String owner, Instant leaseUntil, Instant now) {
    return jdbc.sql(
            "update training_job set status = 'RUNNING', lease_owner = :owner, claimed_by = :owner,"
                + " lease_expires_at = :lease, attempts = attempts + 1,"
                + " started_at = coalesce(started_at, :now), updated_at = :now where id = :id")
        .param("owner", owner)
        .param("lease", odt(leaseUntil))
        .param("now", odt(now))
        .param("id", id)
        .update();
  }

  /** Renews the lease if this owner still holds it; 0 means the lease was lost. */
  int renewLease(String id, String owner, Instant leaseUntil, Instant now) {
    return jdbc.sql(
            "update training_job set lease_expires_at = :lease, updated_at = :now"
                + " where id = :id and lease_owner = :owner and status = 'RUNNING'")
        .param("lease", odt(leaseUntil))
        .param("now", odt(now))
        .param("id", id)
        .param("owner", owner)
        .update();
  }

  /**
   * Whether this owner still holds the running job's lease, locking the row until the transaction
   * ends, so that no other instance can take the job over while the caller records its progress.
   * Must run inside a transaction.
   */
  boolean lockIfHeld(String id, String owner) {
    return jdbc.sql(
            "select id from training_job where id = :id and lease_owner = :owner"
                + " and status = 'RUNNING' for update")
        .param("id", id)
        .param("owner", owner)
        .query(String.class)
        .optional()
        .isPresent();
  }

  /** Lets a restarted instance take back at once the jobs it held when it died. */
  int expireLeasesOf(String owner, Instant now) {
    return jdbc.sql(
            "update training_job set lease_expires_at = :now"
                + " where status = 'RUNNING' and lease_owner = :owner")
        .param("now", odt(now))
        .param("owner", owner)
        .update();
  }

  public int requestCancel(String id, Instant now) {
    return jdbc.sql(
            "update training_job set cancel_requested = true, updated_at = :now"
                + " where id = :id and status in ('QUEUED', 'RUNNING')")
        .param("now", odt(now))
        .param("id", id)
        .update();
  }

  /** Cancels a job that no worker has claimed yet; 0 if it was claimed meanwhile. */
  int cancelQueued(String id, Instant now) {
    return jdbc.sql(
            "update training_job set status = 'CANCELLED', finished_at = :now, updated_at = :now"
                + " where id = :id and status = 'QUEUED'")
        .param("now", odt(now))
        .param("id", id)
        .update();
  }

  boolean cancelRequested(String id) {
    return jdbc.sql("select cancel_requested from training_job where id = :id")
        .param("id", id)
        .query(Boolean.class)
        .optional()
        .orElse(true);
  }

  void updateProgress(String id, String owner, int epochsCompleted, double progress, Instant now) {
    jdbc.sql(
            "update training_job set epochs_completed = :epochs, progress = :progress, updated_at = :now"
                + " where id = :id and lease_owner = :owner")
        .param("epochs", epochsCompleted)
        .param("progress", progress)
        .param("now", odt(now))
        .param("id", id)
        .param("owner", owner)
        .update();
  }

  void updateMetrics(String id, String latest, String best, String bestCheckpointId, Instant now) {
    jdbc.sql(
            "update training_job set latest_metrics = :latest, best_metrics = :best,"
                + " best_checkpoint_id = :best_id, updated_at = :now where id = :id")
        .param("latest", latest)
        .param("best", best)
        .param("best_id", bestCheckpointId)
        .param("now", odt(now))
        .param("id", id)
        .update();
  }

  /** Records how a job's publishAs went (JSON), in the transaction that ends the job. */
  void recordPublication(String id, String publicationJson) {
    jdbc.sql("update training_job set publication = :publication where id = :id")
        .param("publication", publicationJson)
        .param("id", id)
        .update();
  }

  /** Ends a job this owner runs; 0 if another instance took it over meanwhile. */
  int finish(String id, String owner, JobStatus status, String error, Instant now) {
    return jdbc.sql(
            "update training_job set status = :status, error = :error, lease_owner = null,"
                + " lease_expires_at = null, finished_at = :now, updated_at = :now"
                + " where id = :id and lease_owner = :owner and status = 'RUNNING'")
        .param("status", status.name())
        .param("error", error)
        .param("now", odt(now))
        .param("id", id)
        .param("owner", owner)
        .update();
  }

  /**
   * Ends a job no live worker holds (its workers kept dying, or it was cancelled while orphaned);
   * called under the claim's row lock.
   */
  void endUnclaimed(String id, JobStatus status, String error, Instant now) {
    jdbc.sql(
            "update training_job set status = :status, error = :error, lease_owner = null,"
                + " lease_expires_at = null, finished_at = :now, updated_at = :now where id = :id")
        .param("status", status.name())
        .param("error", error)
        .param("now", odt(now))
        .param("id", id)
        .update();
  }

  /** Puts a running job back in the queue (graceful shutdown); the attempt does not count. */
  int requeue(String id, String owner, Instant now) {
    return jdbc.sql(
            "update training_job set status = 'QUEUED', lease_owner = null, lease_expires_at = null,"
                + " attempts = greatest(attempts - 1, 0), updated_at = :now"
                + " where id = :id and lease_owner = :owner and status = 'RUNNING'")
        .param("now", odt(now))
        .param("id", id)
        .param("owner", owner)
        .update();
  }

  public int delete(String id) {
    return jdbc.sql("delete from training_job where id = :id").param("id", id).update();
  }

  private static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static JobRow map(ResultSet rs, int row) throws SQLException {
    return new JobRow(
        rs.getString("id"),
        rs.getString("kind"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getString("dataset"),
        rs.getString("request_json"),
        rs.getString("error"),
        rs.getInt("attempts"),
        rs.getBoolean("cancel_requested"),
        rs.getString("lease_owner"),
        instant(rs, "lease_expires_at"),
        rs.getInt("epochs_completed"),
        rs.getDouble("progress"),
        rs.getString("latest_metrics"),
        rs.getString("best_metrics"),
        rs.getString("best_checkpoint_id"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("claimed_by"),
        rs.getString("publication"),
        rs.getString("experiment_id"),
        rs.getString("experiment_variant"),
        rs.getObject("experiment_seed", Long.class));
  }
}

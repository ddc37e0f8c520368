package dev.residual.training;

import dev.residual.streaming.EventFeed;
import dev.residual.streaming.StreamEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A training job's event stream, read from {@code training_job} and {@code job_event}: the database
 * (not only this instance's memory) is read, so a job running on another instance that shares the
 * database streams too. The key is the job id; the stream ends with the job.
 */
@Repository
class JobEventFeed implements EventFeed {

  /** The feed's name, which {@link JobEventsAppended} carries. */
  static final String NAME = "training-job";

  /** Statuses after which a job appends no more events. */
  static final Set<String> TERMINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final JdbcClient jdbc;

  JobEventFeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String subject() {
    return "Training job";
  }

  @Override
  public Optional<State> state(String jobId) {
    return status(jobId).map(s -> TERMINAL_STATUSES.contains(s) ? State.ENDED : State.OPEN);
  }

  /** The job's current status, or empty if there is no such job (never was, or was deleted). */
  Optional<String> status(String jobId) {
    return jdbc.sql("select status from training_job where id = :id")
        .param("id", jobId)
        .query(String.class)
        .optional();
  }

  @Override
  public List<StreamEvent> eventsAfter(String jobId, long afterId, int limit) {
    // FETCH FIRST is understood by both H2 and PostgreSQL; the (job_id, id) index serves it.
    return jdbc.sql(
            "select id, type, data from job_event where job_id = :jobId and id > :afterId"
                + " order by id fetch first :limit rows only")
        .param("jobId", jobId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(
            (rs, row) ->
                new StreamEvent(rs.getLong("id"), rs.getString("type"), rs.getString("data")))
        .list();
  }
}

package dev.residual.streaming;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code training_job} and {@code job_event} directly. The training module owns and writes
 * these tables; reading them here keeps the dependency one-way (training may call streaming, never
 * the reverse) and lets a job running on another instance that shares the database still stream.
 * Keys made by {@link ExperimentEvents#key} stand for all the jobs of an experiment.
 */
@Repository
class JdbcJobEventSource implements JobEventSource {

  private final JdbcClient jdbc;
  private final ExperimentEvents experiments;

  JdbcJobEventSource(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.experiments = new ExperimentEvents(jdbc, json);
  }

  @Override
  public Optional<String> status(String jobId) {
    if (ExperimentEvents.isKey(jobId)) {
      return experiments.status(ExperimentEvents.experimentId(jobId));
    }
    return jdbc.sql("select status from training_job where id = :id")
        .param("id", jobId)
        .query(String.class)
        .optional();
  }

  @Override
  public List<JobEvent> eventsAfter(String jobId, long afterId, int limit) {
    if (ExperimentEvents.isKey(jobId)) {
      return experiments.eventsAfter(ExperimentEvents.experimentId(jobId), jobId, afterId, limit);
    }
    // FETCH FIRST is understood by both H2 and PostgreSQL; the (job_id, id) index serves it.
    return jdbc.sql(
            "select id, job_id, type, data from job_event where job_id = :jobId and id > :afterId"
                + " order by id fetch first :limit rows only")
        .param("jobId", jobId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(
            (rs, row) ->
                new JobEvent(
                    rs.getLong("id"),
                    rs.getString("job_id"),
                    rs.getString("type"),
                    rs.getString("data")))
        .list();
  }
}

package dev.residual.training;

import dev.residual.streaming.StreamEvent;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs of an experiment as its event stream needs them, read from training's own tables ({@code
 * training_job} carries each job's experiment, variant and seed; {@code job_event} its events).
 */
@Component
public class ExperimentJobEvents {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ExperimentJobEvents(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The status of every job of the experiment, e.g. {@code RUNNING}, {@code SUCCEEDED}. */
  public List<String> jobStatuses(String experimentId) {
    return jdbc.sql("select status from training_job where experiment_id = :experiment")
        .param("experiment", experimentId)
        .query(String.class)
        .list();
  }

  /**
   * Up to {@code limit} {@code status} and {@code epoch} events of the experiment's jobs with an id
   * greater than {@code afterId}, by id, each with the job's {@code jobId}, {@code variant} and
   * {@code seed} added to its data. Event ids grow across all jobs.
   */
  public List<StreamEvent> eventsAfter(String experimentId, long afterId, int limit) {
    return jdbc.sql(
            "select ev.id, ev.job_id, ev.type, ev.data, j.experiment_variant,"
                + " j.experiment_seed from job_event ev join training_job j"
                + " on j.id = ev.job_id where j.experiment_id = :experiment"
                + " and ev.id > :afterId and ev.type in ('status', 'epoch')"
                + " order by ev.id fetch first :limit rows only")
        .param("experiment", experimentId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(
            (rs, row) ->
                new StreamEvent(
                    rs.getLong("id"),
                    rs.getString("type"),
                    tagged(
                        rs.getString("data"),
                        rs.getString("job_id"),
                        rs.getString("experiment_variant"),
                        rs.getLong("experiment_seed"))))
        .list();
  }

  /** The greatest event id of the experiment's jobs, 0 if they have none. */
  public long lastEventId(String experimentId) {
    return jdbc.sql(
            "select coalesce(max(ev.id), 0) from job_event ev join training_job j"
                + " on j.id = ev.job_id where j.experiment_id = :experiment")
        .param("experiment", experimentId)
        .query(Long.class)
        .single();
  }

  private String tagged(String data, String jobId, String variant, long seed) {
    ObjectNode event = json.createObjectNode();
    event.put("jobId", jobId);
    event.put("variant", variant);
    event.put("seed", seed);
    if (json.readTree(data) instanceof ObjectNode fields) {
      event.setAll(fields);
    }
    return json.writeValueAsString(event);
  }
}

package dev.residual.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event stream of an experiment: the {@code status} and {@code epoch} events of all its jobs,
 * in the order they were stored, each with the job's {@code jobId}, {@code variant} and {@code
 * seed} added, then one {@code done} once every job has ended.
 *
 * <p>Event ids are those of {@code job_event}, which grow across all jobs, so {@code Last-Event-ID}
 * resumes an experiment's stream exactly as it resumes a job's. The {@code done} event is not
 * stored: its id is one above the greatest event id of the experiment's jobs, which no longer grows
 * once they have all ended, so a client that saw it and reconnects gets nothing more.
 */
final class ExperimentEvents {

  private static final String PREFIX = "experiment:";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ExperimentEvents(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The key an experiment's subscribers are registered under, apart from every job id. */
  static String key(String experimentId) {
    return PREFIX + experimentId;
  }

  static boolean isKey(String key) {
    return key.startsWith(PREFIX);
  }

  static String experimentId(String key) {
    return key.substring(PREFIX.length());
  }

  /**
   * RUNNING while any job is queued or running; then SUCCEEDED if all succeeded, FAILED if any
   * failed, else CANCELLED. Empty if there is no such experiment.
   */
  Optional<String> status(String experimentId) {
    List<String> rows =
        jdbc.sql(
                "select coalesce(j.status, 'NONE') from experiment e left join training_job j"
                    + " on j.experiment_id = e.id where e.id = :id")
            .param("id", experimentId)
            .query(String.class)
            .list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    if (rows.contains("QUEUED") || rows.contains("RUNNING")) {
      return Optional.of("RUNNING");
    }
    if (rows.stream().allMatch("SUCCEEDED"::equals)) {
      return Optional.of("SUCCEEDED");
    }
    return Optional.of(rows.contains("FAILED") ? "FAILED" : "CANCELLED");
  }

  List<JobEvent> eventsAfter(String experimentId, String key, long afterId, int limit) {
    // Read the status first: events a job appended before it ended are then in the page below.
    Optional<String> status = status(experimentId);
    List<JobEvent> page =
        new ArrayList<>(
            jdbc.sql(
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
                        new JobEvent(
                            rs.getLong("id"),
                            key,
                            rs.getString("type"),
                            tagged(
                                rs.getString("data"),
                                rs.getString("job_id"),
                                rs.getString("experiment_variant"),
                                rs.getLong("experiment_seed"))))
                .list());
    if (page.size() < limit && status.isPresent() && JobEventSource.isTerminal(status.get())) {
      page.add(done(experimentId, key, status.get()));
    }
    return page;
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

  private JobEvent done(String experimentId, String key, String status) {
    long lastId =
        jdbc.sql(
                "select coalesce(max(ev.id), 0) from job_event ev join training_job j"
                    + " on j.id = ev.job_id where j.experiment_id = :experiment")
            .param("experiment", experimentId)
            .query(Long.class)
            .single();
    List<String> statuses =
        jdbc.sql("select status from training_job where experiment_id = :experiment")
            .param("experiment", experimentId)
            .query(String.class)
            .list();
    ObjectNode data = json.createObjectNode();
    data.put("status", status);
    data.put("jobs", statuses.size());
    for (String s : List.of("SUCCEEDED", "FAILED", "CANCELLED")) {
      data.put(s.toLowerCase(java.util.Locale.ROOT), statuses.stream().filter(s::equals).count());
    }
    return new JobEvent(lastId + 1, key, EventPump.DONE, json.writeValueAsString(data));
  }
}

package dev.residual.training.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends a job's events ({@code status}, {@code batch}, {@code epoch}, {@code checkpoint}, {@code
 * done}) to {@code job_event}. The table is the single source for live streams, for replay after
 * a reconnect and for the metrics history, whichever instance runs the job.
 */
@Component
public class JobEventLog {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final List<Consumer<String>> listeners;

  JobEventLog(JdbcClient jdbc, JsonMapper json, List<JobEventListener> listeners) {
    this.jdbc = jdbc;
    this.json = json;
    this.listeners = listeners.stream().<Consumer<String>>map(l -> l::eventsAppended).toList();
  }

  /** Stores one event and returns its id. */
  public long append(String jobId, String type, Map<String, ?> data) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into job_event (job_id, type, data, created_at) values (:job, :type, :data, :now)")
        .param("job", jobId)
        .param("type", type)
        .param("data", json.writeValueAsString(data))
        .param("now", Instant.now().atOffset(ZoneOffset.UTC))
        .update(keys, "id");
    listeners.forEach(l -> l.accept(jobId));
    return keys.getKeyAs(Long.class);
  }

  /** The data of every event of one type, oldest first (e.g. the per-epoch history). */
  public List<Map<String, Object>> dataOf(String jobId, String type) {
    return jdbc.sql("select data from job_event where job_id = :job and type = :type order by id")
        .param("job", jobId)
        .param("type", type)
        .query(String.class)
        .list()
        .stream()
        .map(text -> json.readValue(text, MAP))
        .toList();
  }

  /** Told after every append, so that live streams need not wait for their next poll. */
  public interface JobEventListener {
    void eventsAppended(String jobId);
  }
}

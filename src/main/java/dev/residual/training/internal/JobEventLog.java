package dev.residual.training.internal;

import dev.residual.training.JobEventsAppended;
import dev.residual.training.JobId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends a job's events ({@code status}, {@code batch}, {@code epoch}, {@code checkpoint}, {@code
 * done}) to {@code job_event}. The table is the single source for live streams, for replay after a
 * reconnect and for the metrics history, whichever instance runs the job.
 */
@Component
public class JobEventLog {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final ApplicationEventPublisher publisher;

  JobEventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.json = json;
    this.publisher = publisher;
  }

  /**
   * Stores one event and returns its id; {@link JobEventsAppended} tells live streams, after the
   * commit.
   */
  public long append(String jobId, String type, Object data) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into job_event (job_id, type, data, created_at) values (:job, :type, :data, :now)")
        .param("job", jobId)
        .param("type", type)
        .param("data", json.writeValueAsString(data))
        .param("now", Instant.now().atOffset(ZoneOffset.UTC))
        .update(keys, "id");
    publisher.publishEvent(new JobEventsAppended(JobId.of(jobId)));
    return keys.getKeyAs(Long.class);
  }

  /** The data of every event of one type, oldest first, read as {@code type}'s record. */
  public <T> List<T> dataOf(String jobId, String type, Class<T> as) {
    return stored(jobId, type).map(text -> json.readValue(text, as)).toList();
  }

  private Stream<String> stored(String jobId, String type) {
    return jdbc
        .sql("select data from job_event where job_id = :job and type = :type order by id")
        .param("job", jobId)
        .param("type", type)
        .query(String.class)
        .list()
        .stream();
  }
}

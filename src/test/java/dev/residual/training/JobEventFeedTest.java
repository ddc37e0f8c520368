package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.streaming.EventFeed;
import dev.residual.streaming.StreamEvent;
import dev.residual.support.TestPostgres;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The queries of a job's and an experiment's event streams on both databases Residual runs on,
 * against the real migrations.
 */
class JobEventFeedTest {

  private static final String JOB = "11111111-2222-4333-8444-555555555555";
  private static final String OTHER = "66666666-7777-4888-9999-000000000000";

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void readsAJobsStatusAndAPageOfItsEventsAfterAnId(String database) {
    JdbcClient jdbc = JdbcClient.create(migrated(database));
    JobEventFeed source = new JobEventFeed(jdbc);
    insertJob(jdbc, JOB, "RUNNING");
    insertJob(jdbc, OTHER, "SUCCEEDED");
    insertEvent(jdbc, JOB, "status", "{\"status\":\"RUNNING\"}");
    insertEvent(jdbc, OTHER, "done", "{\"status\":\"SUCCEEDED\"}");
    insertEvent(jdbc, JOB, "batch", "{\"batch\":1}");
    insertEvent(jdbc, JOB, "batch", "{\"batch\":2}");

    assertThat(source.state(JOB)).hasValue(EventFeed.State.OPEN);
    assertThat(source.state(OTHER)).hasValue(EventFeed.State.ENDED);
    assertThat(source.state(UUID.randomUUID().toString())).isEmpty();

    List<StreamEvent> all = source.eventsAfter(JOB, 0, 500);
    assertThat(all).extracting(StreamEvent::type).containsExactly("status", "batch", "batch");
    assertThat(all).extracting(StreamEvent::id).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(1).data()).isEqualTo("{\"batch\":1}");

    long first = all.get(0).id();
    assertThat(source.eventsAfter(JOB, first, 1))
        .singleElement()
        .isEqualTo(new StreamEvent(all.get(1).id(), "batch", "{\"batch\":1}"));
    assertThat(source.eventsAfter(JOB, all.get(2).id(), 500)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void anExperimentsJobsGiveTheirStatusesAndTheirStatusAndEpochEventsTagged(String database) {
    JdbcClient jdbc = JdbcClient.create(migrated(database));
    ExperimentJobEvents source =
        new ExperimentJobEvents(jdbc, tools.jackson.databind.json.JsonMapper.builder().build());
    String experiment = "99999999-2222-4333-8444-555555555555";
    jdbc.sql(
            "insert into experiment (id, name, request_json, job_count, created_at)"
                + " values (:id, 'e', '{}', 2, current_timestamp)")
        .param("id", experiment)
        .update();
    insertJob(jdbc, JOB, "RUNNING");
    insertJob(jdbc, OTHER, "SUCCEEDED");
    jdbc.sql(
            "update training_job set experiment_id = :e, experiment_variant = case when id = :a"
                + " then 'plain' else 'smooth' end, experiment_seed = 7")
        .param("e", experiment)
        .param("a", JOB)
        .update();
    insertEvent(jdbc, JOB, "status", "{\"status\":\"RUNNING\"}");
    insertEvent(jdbc, JOB, "batch", "{\"batch\":1}");
    insertEvent(jdbc, OTHER, "epoch", "{\"epoch\":1,\"top1\":0.5}");
    long done = insertEvent(jdbc, OTHER, "done", "{\"status\":\"SUCCEEDED\"}");

    assertThat(source.jobStatuses(experiment)).containsExactlyInAnyOrder("RUNNING", "SUCCEEDED");
    assertThat(source.jobStatuses(UUID.randomUUID().toString())).isEmpty();
    List<StreamEvent> events = source.eventsAfter(experiment, 0, 500);
    assertThat(events).extracting(StreamEvent::type).containsExactly("status", "epoch");
    assertThat(events.get(1).data())
        .isEqualTo(
            "{\"jobId\":\""
                + OTHER
                + "\",\"variant\":\"smooth\",\"seed\":7,\"epoch\":1,\"top1\":0.5}");
    assertThat(source.eventsAfter(experiment, events.get(1).id(), 500)).isEmpty();
    assertThat(source.eventsAfter(experiment, 0, 1)).hasSize(1);
    assertThat(source.lastEventId(experiment)).isEqualTo(done);
    assertThat(source.lastEventId(UUID.randomUUID().toString())).isZero();
  }

  private static DataSource migrated(String database) {
    DriverManagerDataSource dataSource;
    if (database.equals("h2")) {
      // The same settings as the embedded default, in memory.
      dataSource =
          new DriverManagerDataSource(
              "jdbc:h2:mem:"
                  + UUID.randomUUID()
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                  + ";DB_CLOSE_DELAY=-1",
              "sa",
              "");
    } else {
      TestPostgres.Database postgres = TestPostgres.fresh();
      dataSource =
          new DriverManagerDataSource(postgres.url(), postgres.username(), postgres.password());
    }
    Flyway.configure().dataSource(dataSource).load().migrate();
    return dataSource;
  }

  private static void insertJob(JdbcClient jdbc, String id, String status) {
    jdbc.sql(
            "insert into training_job (id, kind, status, dataset, request_json, created_at,"
                + " updated_at) values (:id, 'train', :status, 'test', '{}', current_timestamp,"
                + " current_timestamp)")
        .param("id", id)
        .param("status", status)
        .update();
  }

  /** Inserts an event and returns its id. */
  private static long insertEvent(JdbcClient jdbc, String job, String type, String data) {
    jdbc.sql(
            "insert into job_event (job_id, type, data, created_at)"
                + " values (:job, :type, :data, current_timestamp)")
        .param("job", job)
        .param("type", type)
        .param("data", data)
        .update();
    return jdbc.sql("select max(id) from job_event").query(Long.class).single();
  }
}

package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue while its database comes and goes: how a run ended is recorded once the database is
 * back, a run the outage broke goes back to the queue without counting as an attempt, and a job
 * whose lease ran out while it kept running here is not started a second time.
 */
class JobQueueOutageTest {

  private final List<JobQueue> queues = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HikariDataSource pool;
  private Outage database;
  private JdbcClient jdbc;
  private JobRepository jobs;

  @BeforeEach
  void connect() {
    pool = new HikariDataSource();
    pool.setJdbcUrl(
        "jdbc:h2:mem:"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    pool.setMaximumPoolSize(4);
    Flyway.configure().dataSource(pool).load().migrate();
    database = new Outage(pool);
    jdbc = JdbcClient.create(database);
    jobs = new JobRepository(jdbc);
  }

  @AfterEach
  void stop() {
    database.up();
    queues.forEach(JobQueue::stop);
    pool.close();
  }

  @Test
  void aRunThatEndsDuringAnOutageIsRecordedOnceTheDatabaseIsBack() {
    String id = submit();
    AtomicInteger runs = new AtomicInteger();
    start(
        1,
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        (job, control) -> {
          runs.incrementAndGet();
          database.downFor(Duration.ofMillis(1500));
          return new JobExecutor.Outcome(true, Map.of("top1", 0.9));
        });

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.SUCCEEDED);
    assertThat(runs).hasValue(1);
    assertThat(jobs.find(id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(statusEvents(id)).containsExactly("RUNNING", "SUCCEEDED");
  }

  @Test
  void aRunTheOutageBrokeGoesBackToTheQueueAndRunsAgainWithoutCountingAsAnAttempt() {
    String id = submit();
    AtomicInteger runs = new AtomicInteger();
    start(
        1,
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        (job, control) -> {
          if (runs.incrementAndGet() == 1) {
            database.downFor(Duration.ofMillis(1500));
            throw new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("timed out"));
          }
          return new JobExecutor.Outcome(true, Map.of());
        });

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.SUCCEEDED);
    assertThat(runs).hasValue(2);
    assertThat(jobs.find(id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(jobs.find(id).orElseThrow().error()).isNull();
    assertThat(statusEvents(id)).containsExactly("RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
    assertThat(meters.get("residual.job.requeues").tag("reason", "outage").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("residual.job.queue.wait").timer().count())
        .as("the wait until the first claim only")
        .isEqualTo(1);
  }

  @Test
  void aJobWhoseLeaseRanOutWhileItRunsHereIsNotStartedAgainByAnotherWorker() {
    String id = submit();
    AtomicInteger runs = new AtomicInteger();
    // A lease far shorter than the run and a heartbeat that never comes in time: as after an
    // outage that outlasted the lease. The second worker must leave the job alone.
    start(
        2,
        Duration.ofMillis(300),
        Duration.ofSeconds(30),
        (job, control) -> {
          runs.incrementAndGet();
          Thread.sleep(2_000);
          return new JobExecutor.Outcome(true, Map.of());
        });

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.SUCCEEDED);
    assertThat(runs).hasValue(1);
    assertThat(jobs.find(id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(jobs.find(id).orElseThrow().claimedBy()).isEqualTo("outage-test");
  }

  private String submit() {
    String id = UUID.randomUUID().toString();
    jobs.insert(id, "train", "fashion-mnist", "{}", Instant.now());
    return id;
  }

  private JobStatus status(String id) {
    return JdbcClient.create(pool)
        .sql("select status from training_job where id = :id")
        .param("id", id)
        .query((rs, row) -> JobStatus.valueOf(rs.getString(1)))
        .single();
  }

  private List<String> statusEvents(String id) {
    JsonMapper json = JsonMapper.builder().build();
    return JdbcClient.create(pool)
        .sql("select data from job_event where job_id = :id and type = 'status' order by id")
        .param("id", id)
        .query(String.class)
        .list()
        .stream()
        .map(data -> json.readTree(data).get("status").asString())
        .toList();
  }

  private void start(int workers, Duration lease, Duration heartbeat, JobExecutor executor) {
    TrainingProperties properties =
        new TrainingProperties(
            workers,
            100,
            lease,
            heartbeat,
            Duration.ofMillis(50),
            3,
            "outage-test",
            Duration.ofSeconds(1));
    JobQueue queue =
        new JobQueue(
            jobs,
            new JobEventLog(jdbc, JsonMapper.builder().build(), event -> {}),
            new TransactionTemplate(new JdbcTransactionManager(database)),
            properties,
            executor,
            new InstanceId(properties, new MockEnvironment()),
            event -> {},
            new StaticListableBeanFactory().getBeanProvider(CheckpointPublisher.class),
            JsonMapper.builder().build(),
            new TrainingMeters(meters, jobs));
    queue.start();
    queues.add(queue);
  }

  /** A data source that refuses connections for a while, as a pool does when its server is away. */
  static final class Outage extends DelegatingDataSource {

    private volatile long downUntil;

    Outage(HikariDataSource pool) {
      super(pool);
      downUntil = System.nanoTime();
    }

    void downFor(Duration duration) {
      downUntil = System.nanoTime() + duration.toNanos();
    }

    void up() {
      downUntil = System.nanoTime();
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (System.nanoTime() - downUntil < 0) {
        throw new SQLTransientConnectionException("Connection is not available (test outage)");
      }
      return super.getConnection();
    }
  }
}

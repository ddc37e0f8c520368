package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.residual.support.TestPostgres;
import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable queue on H2 and on PostgreSQL: several instances with several workers each claim
 * every job exactly once; an expired lease is taken over; a job that keeps dying fails; a cancel
 * flag set in the database stops a job running elsewhere.
 */
class JobQueueDatabaseTest {

  private final List<JobQueue> queues = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HikariDataSource dataSource;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  @AfterEach
  void stop() {
    queues.forEach(JobQueue::stop);
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void everyJobIsClaimedExactlyOnceByTwoInstances(String database) {
    JdbcClient jdbc = connect(database);
    JobRepository jobs = new JobRepository(jdbc);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = UUID.randomUUID().toString();
      jobs.insert(id, "train", "fashion-mnist", "{}", Instant.now().plusMillis(i));
      ids.add(id);
    }
    Map<String, List<String>> runs = new ConcurrentHashMap<>();
    JobExecutor recording =
        (job, control) -> {
          runs.computeIfAbsent(job.id(), k -> new CopyOnWriteArrayList<>())
              .add(Thread.currentThread().getName());
          Thread.sleep(5);
          return new JobExecutor.Outcome(true, Map.of());
        };
    start(jdbc, "instance-a", 2, recording, Duration.ofSeconds(30));
    start(jdbc, "instance-b", 2, recording, Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> jobs.count(JobStatus.SUCCEEDED) == ids.size());
    assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(runs.values()).allSatisfy(r -> assertThat(r).hasSize(1));
    assertThat(ids)
        .allSatisfy(id -> assertThat(jobs.find(id).orElseThrow().attempts()).isEqualTo(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void anExpiredLeaseIsTakenOverAndARepeatedlyDyingJobFails(String database) {
    JdbcClient jdbc = connect(database);
    JobRepository jobs = new JobRepository(jdbc);
    Instant past = Instant.now().minusSeconds(600);
    String orphan = UUID.randomUUID().toString();
    jobs.insert(orphan, "train", "fashion-mnist", "{}", past);
    jobs.markRunning(orphan, "dead-instance", past.plusSeconds(1), past);
    String doomed = UUID.randomUUID().toString();
    jobs.insert(doomed, "train", "fashion-mnist", "{}", past.plusSeconds(2));
    for (int attempt = 0; attempt < 3; attempt++) {
      jobs.markRunning(doomed, "dead-instance", past.plusSeconds(3), past);
    }
    Set<String> executed = ConcurrentHashMap.newKeySet();
    start(
        jdbc,
        "survivor",
        1,
        (job, control) -> {
          executed.add(job.id());
          return new JobExecutor.Outcome(true, Map.of());
        },
        Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobs.find(orphan).orElseThrow().status() == JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobs.find(doomed).orElseThrow().status() == JobStatus.FAILED);
    assertThat(jobs.find(orphan).orElseThrow().attempts()).isEqualTo(2);
    assertThat(jobs.find(doomed).orElseThrow().error()).contains("3 times");
    assertThat(executed).containsExactly(orphan);
    List<String> doomedEvents =
        jdbc.sql("select type from job_event where job_id = :id order by id")
            .param("id", doomed)
            .query(String.class)
            .list();
    assertThat(doomedEvents).containsExactly("status", "done");
    assertThat(
            meters.get("residual.job.requeues").tag("reason", "lease-takeover").counter().count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("residual.job.outcomes")
                .tags("kind", "train", "status", "FAILED")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("residual.job.outcomes")
                .tags("kind", "train", "status", "SUCCEEDED")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aCancelFlagInTheDatabaseStopsTheRunningJob(String database) {
    JdbcClient jdbc = connect(database);
    JobRepository jobs = new JobRepository(jdbc);
    String id = UUID.randomUUID().toString();
    jobs.insert(id, "train", "fashion-mnist", "{}", Instant.now());
    start(
        jdbc,
        "worker",
        1,
        (job, control) -> {
          while (!control.shouldStop()) {
            Thread.sleep(20);
          }
          return new JobExecutor.Outcome(false, Map.of());
        },
        Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(id).orElseThrow().status() == JobStatus.RUNNING);

    jobs.requestCancel(id, Instant.now()); // as another instance's API would

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(id).orElseThrow().status() == JobStatus.CANCELLED);
  }

  private void start(
      JdbcClient jdbc, String instance, int workers, JobExecutor executor, Duration lease) {
    TrainingProperties properties =
        new TrainingProperties(
            workers,
            100,
            lease,
            Duration.ofMillis(200),
            Duration.ofMillis(50),
            3,
            instance,
            Duration.ofSeconds(1));
    JobEventLog events = new JobEventLog(jdbc, JsonMapper.builder().build(), event -> {});
    JobQueue queue =
        new JobQueue(
            new JobRepository(jdbc),
            events,
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            properties,
            executor,
            new InstanceId(properties, new MockEnvironment()),
            event -> {},
            new StaticListableBeanFactory().getBeanProvider(CheckpointPublisher.class),
            JsonMapper.builder().build(),
            new TrainingMeters(meters, new JobRepository(jdbc)));
    queue.start();
    queues.add(queue);
  }

  private JdbcClient connect(String database) {
    dataSource = new HikariDataSource();
    if (database.equals("h2")) {
      dataSource.setJdbcUrl(
          "jdbc:h2:mem:"
              + UUID.randomUUID()
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    } else {
      TestPostgres.Database pg = TestPostgres.fresh();
      dataSource.setJdbcUrl(pg.url());
      dataSource.setUsername(pg.username());
      dataSource.setPassword(pg.password());
    }
    dataSource.setMaximumPoolSize(8);
    Flyway.configure().dataSource(dataSource).load().migrate();
    return JdbcClient.create(dataSource);
  }
}

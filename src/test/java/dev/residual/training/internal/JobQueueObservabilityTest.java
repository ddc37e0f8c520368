package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobKinds;
import dev.residual.training.JobStatus;
import dev.residual.training.TrainingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees of the queue: every log line a run writes carries its job id (and no line
 * outside a run does), and the meters follow jobs from submission to their end.
 */
class JobQueueObservabilityTest {

  private static final org.slf4j.Logger RUN_LOG = LoggerFactory.getLogger("dev.residual.test.run");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final List<String> workerMdc = new CopyOnWriteArrayList<>();
  private HikariDataSource dataSource;
  private JobRepository jobs;
  private JobQueue queue;

  @BeforeEach
  void connect() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(dataSource).load().migrate();
    jobs = new JobRepository(JdbcClient.create(dataSource));
    appender.start();
    root().addAppender(appender);
  }

  @AfterEach
  void stop() {
    if (queue != null && queue.isRunning()) {
      queue.stop();
    }
    root().detachAppender(appender);
    dataSource.close();
  }

  @Test
  void everyLineARunLogsCarriesItsJobIdAndTheWorkerClearsItAfterwards() {
    String train = submit(JobKinds.TRAIN);
    String lrFinder = submit(JobKinds.LR_FINDER);
    String failing = submit(JobKinds.TRAIN);
    start(
        (job, control) -> {
          RUN_LOG.info("working on {}", job.id());
          if (job.id().equals(failing)) {
            throw new IllegalStateException("boom");
          }
          return new JobExecutor.Outcome(true, Map.of());
        });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(failing).orElseThrow().status() == JobStatus.FAILED);
    List<ILoggingEvent> runLines =
        appender.list.stream().filter(e -> e.getLoggerName().equals(RUN_LOG.getName())).toList();
    assertThat(runLines).hasSize(3);
    assertThat(runLines)
        .allSatisfy(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry(JobQueue.JOB_ID, String.valueOf(e.getArgumentArray()[0])));
    assertThat(runLines)
        .extracting(e -> e.getMDCPropertyMap().get(JobQueue.JOB_ID))
        .containsExactly(train, lrFinder, failing);
    ILoggingEvent failure =
        appender.list.stream()
            .filter(e -> e.getFormattedMessage().contains("failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failure.getMDCPropertyMap())
        .as("the queue's own line about the run")
        .containsEntry(JobQueue.JOB_ID, failing);
    assertThat(workerMdc.get(0)).as("the first claim").isEqualTo("none");
    int afterLastRun = workerMdc.size();
    await().atMost(Duration.ofSeconds(5)).until(() -> workerMdc.size() >= afterLastRun + 3);
    assertThat(workerMdc.subList(afterLastRun, afterLastRun + 3))
        .as("idle polls after the last run carry no job id")
        .containsOnly("none");
  }

  @Test
  void metersFollowJobsFromSubmissionToTheirEnd() throws InterruptedException {
    String quick = submit(JobKinds.TRAIN);
    String slow = submit(JobKinds.LR_FINDER);
    String waiting = submit(JobKinds.TRAIN);
    CountDownLatch slowRunning = new CountDownLatch(1);
    start(
        (job, control) -> {
          if (job.id().equals(slow)) {
            slowRunning.countDown();
            while (!control.shouldStop()) {
              Thread.sleep(10);
            }
          }
          return new JobExecutor.Outcome(true, Map.of());
        });
    assertThat(slowRunning.await(20, TimeUnit.SECONDS)).isTrue();

    assertThat(gauge("residual.training.workers")).isEqualTo(1);
    assertThat(gauge("residual.training.workers.busy")).isEqualTo(1);
    assertThat(queue.cancelQueued(waiting)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(jobsGauge(JobKinds.TRAIN, JobStatus.SUCCEEDED)).isEqualTo(1);
              assertThat(jobsGauge(JobKinds.TRAIN, JobStatus.CANCELLED)).isEqualTo(1);
              assertThat(jobsGauge(JobKinds.LR_FINDER, JobStatus.RUNNING)).isEqualTo(1);
              assertThat(jobsGauge(JobKinds.TRAIN, JobStatus.QUEUED)).isZero();
            });
    assertThat(meters.get("residual.job.queue.wait").tag("kind", JobKinds.TRAIN).timer().count())
        .isEqualTo(1);
    assertThat(
            meters.get("residual.job.queue.wait").tag("kind", JobKinds.LR_FINDER).timer().count())
        .isEqualTo(1);
    assertThat(outcomes(JobKinds.TRAIN, JobStatus.SUCCEEDED)).isEqualTo(1);
    assertThat(outcomes(JobKinds.TRAIN, JobStatus.CANCELLED))
        .as("cancelled while queued")
        .isEqualTo(1);

    queue.stop();

    assertThat(jobs.find(slow).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(meters.get("residual.job.requeues").tag("reason", "shutdown").counter().count())
        .isEqualTo(1);
    assertThat(gauge("residual.training.workers.busy")).isZero();
    assertThat(meters.find("residual.job.outcomes").tag("kind", JobKinds.LR_FINDER).counters())
        .as("a job back in the queue has not ended")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(jobs.find(quick).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private double jobsGauge(String kind, JobStatus status) {
    return meters.get("residual.jobs").tags("kind", kind, "status", status.name()).gauge().value();
  }

  private double outcomes(String kind, JobStatus status) {
    return meters
        .get("residual.job.outcomes")
        .tags("kind", kind, "status", status.name())
        .counter()
        .count();
  }

  private String submit(String kind) {
    String id = UUID.randomUUID().toString();
    jobs.insert(id, kind, "fashion-mnist", "{}", Instant.now());
    sleepAMillisecond(); // distinct creation times keep the claim order
    return id;
  }

  private void start(JobExecutor executor) {
    TrainingProperties properties =
        new TrainingProperties(
            1,
            100,
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Duration.ofMillis(50),
            3,
            "observed",
            Duration.ofSeconds(1));
    JdbcClient jdbc = JdbcClient.create(dataSource);
    queue =
        new JobQueue(
            jobs,
            new JobEventLog(jdbc, JsonMapper.builder().build(), event -> {}),
            new MdcRecordingTransactions(new DataSourceTransactionManager(dataSource)),
            properties,
            executor,
            new InstanceId(properties, new MockEnvironment()),
            event -> {},
            new StaticListableBeanFactory().getBeanProvider(CheckpointPublisher.class),
            JsonMapper.builder().build(),
            new TrainingMeters(meters, jobs));
    queue.start();
  }

  /** Records the MDC job id of every transaction a worker starts: claims and outcomes. */
  private final class MdcRecordingTransactions extends TransactionTemplate {

    MdcRecordingTransactions(DataSourceTransactionManager manager) {
      super(manager);
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
      if (Thread.currentThread().getName().startsWith("training-worker")) {
        String id = MDC.get(JobQueue.JOB_ID);
        workerMdc.add(id == null ? "none" : id);
      }
      return super.execute(action);
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static void sleepAMillisecond() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

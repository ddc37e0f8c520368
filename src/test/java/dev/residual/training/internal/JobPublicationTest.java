package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.residual.training.CheckpointPublisher;
import dev.residual.training.JobId;
import dev.residual.training.JobStatus;
import dev.residual.training.Publication;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobSucceeded;
import dev.residual.training.TrainingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job with {@code publishAs} is published before it ends: the publisher runs while the job is
 * still RUNNING and has no {@code done}, and {@code done} and the row then name the version. A
 * failed publication leaves the job SUCCEEDED, with the reason on the job, in {@code done} and in
 * the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobPublicationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BEST = "0b0c0000-0000-4000-8000-000000000001";

  private HikariDataSource dataSource;
  private JdbcClient jdbc;
  private JobRepository jobs;
  private JobQueue queue;

  @BeforeEach
  void connect() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    jobs = new JobRepository(jdbc);
  }

  @AfterEach
  void stop() {
    if (queue != null) {
      queue.stop();
    }
    dataSource.close();
  }

  @Test
  void publishesBeforeDoneAndNamesTheVersion() {
    AtomicReference<String> seenAtPublication = new AtomicReference<>();
    String id =
        run(
            (model, checkpoint, jobId) -> {
              seenAtPublication.set(
                  jobs.find(jobId).orElseThrow().status() + " " + eventTypes(jobId));
              assertThat(checkpoint).hasToString(BEST);
              return Publication.published(model, 1, true);
            });

    assertThat(seenAtPublication.get()).isEqualTo("RUNNING [status]");
    JsonNode done = lastDone(id);
    assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(done.get("publication").get("model").asString()).isEqualTo("fashion");
    assertThat(done.get("publication").get("version").asInt()).isEqualTo(1);
    assertThat(done.get("publication").get("active").asBoolean()).isTrue();
    Publication stored =
        JSON.readValue(jobs.find(id).orElseThrow().publication(), Publication.class);
    assertThat(stored).isEqualTo(Publication.published("fashion", 1, true));
  }

  @Test
  void aFailedPublicationLeavesTheJobSucceededAndSaysWhy(CapturedOutput output) {
    String id =
        run(
            (model, checkpoint, jobId) -> {
              throw new IllegalStateException("the checkpoint could not be loaded");
            });

    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    JsonNode publication = lastDone(id).get("publication");
    assertThat(publication.get("model").asString()).isEqualTo("fashion");
    assertThat(publication.has("version")).isFalse();
    assertThat(publication.get("error").asString()).isEqualTo("the checkpoint could not be loaded");
    assertThat(JSON.readValue(jobs.find(id).orElseThrow().publication(), Publication.class).error())
        .isEqualTo("the checkpoint could not be loaded");
    assertThat(output.getAll())
        .contains("Could not publish job " + id + " as model 'fashion'; the job stays SUCCEEDED");
  }

  @Test
  void aJobWithoutPublishAsPublishesNothing() {
    String id = UUID.randomUUID().toString();
    jobs.insert(id, "train", "fashion-mnist", "{\"dataset\": \"fashion-mnist\"}", Instant.now());
    start(
        (model, checkpoint, jobId) -> {
          throw new AssertionError("nothing to publish");
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(id).orElseThrow().status().isTerminal());

    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(jobs.find(id).orElseThrow().publication()).isNull();
    assertThat(lastDone(id).has("publication")).isFalse();
  }

  private String run(CheckpointPublisher publisher) {
    String id = UUID.randomUUID().toString();
    jobs.insert(
        id,
        "train",
        "fashion-mnist",
        "{\"dataset\": \"fashion-mnist\", \"publishAs\": \"fashion\"}",
        Instant.now());
    start(publisher);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(id).orElseThrow().status().isTerminal());
    return id;
  }

  private void start(CheckpointPublisher publisher) {
    TrainingProperties properties =
        new TrainingProperties(
            1,
            100,
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Duration.ofMillis(50),
            3,
            "publication-test",
            Duration.ofSeconds(1));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("publisher", publisher);
    queue =
        new JobQueue(
            jobs,
            new JobEventLog(jdbc, JSON, event -> {}),
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            properties,
            (job, control) ->
                new JobExecutor.Outcome(
                    true,
                    new TrainingSummary(0.9, null, 1, UUID.fromString(BEST)),
                    new TrainingJobSucceeded(
                        JobId.of(job.id()),
                        UUID.fromString(BEST),
                        JSON.readValue(job.requestJson(), TrainingJobRequest.class).publishAs())),
            new InstanceId(properties, new MockEnvironment()),
            event -> {},
            beans.getBeanProvider(CheckpointPublisher.class),
            JSON,
            new TrainingMeters(new SimpleMeterRegistry(), jobs));
    queue.start();
  }

  private List<String> eventTypes(String id) {
    return jdbc.sql("select type from job_event where job_id = :id order by id")
        .param("id", id)
        .query(String.class)
        .list();
  }

  private JsonNode lastDone(String id) {
    List<String> done =
        jdbc.sql("select data from job_event where job_id = :id and type = 'done' order by id")
            .param("id", id)
            .query(String.class)
            .list();
    assertThat(done).hasSize(1);
    return JSON.readTree(done.get(0));
  }
}

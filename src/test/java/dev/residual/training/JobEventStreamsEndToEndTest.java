package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.ResidualIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The real service on its own H2 database: events written straight into {@code job_event}, the way
 * the training module (or another instance sharing the database) writes them, reach an HTTP client.
 * It shares the application context of the other {@link ResidualIntegrationTest}s, so that the
 * suite starts the service (and loads PyTorch) once.
 */
@ResidualIntegrationTest
class JobEventStreamsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @LocalServerPort private int port;
  @Autowired private JdbcClient jdbc;
  @Autowired private MeterRegistry meters;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void streamsStoredThenNewEventsAndEndsAfterDone() {
    String job = insertRunningJob();
    long status = insertEvent(job, "status", "{\"status\":\"RUNNING\"}");
    // Pretty-printed JSON must still arrive as one data line.
    long batch = insertEvent(job, "batch", "{\n  \"epoch\": 0,\n  \"batch\": 1\n}");

    try (SseTestClient client = SseTestClient.connect(http, eventsUri(job), null)) {
      assertThat(client.response().statusCode()).isEqualTo(200);
      assertThat(client.response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(client.nextEvent(WAIT))
          .isEqualTo(
              new SseTestClient.Event(Long.toString(status), "status", "{\"status\":\"RUNNING\"}"));
      assertThat(client.nextEvent(WAIT))
          .isEqualTo(
              new SseTestClient.Event(
                  Long.toString(batch), "batch", "{   \"epoch\": 0,   \"batch\": 1 }"));
      // Other tests sharing the context may have streams open too.
      assertThat(openStreams()).isGreaterThanOrEqualTo(1);

      long epoch = insertEvent(job, "epoch", "{\"epoch\":0,\"top1\":0.5}");
      long checkpoint = insertEvent(job, "checkpoint", "{\"checkpointId\":\"c1\",\"epoch\":0}");
      assertThat(client.nextEvent(WAIT).id()).isEqualTo(Long.toString(epoch));
      assertThat(client.nextEvent(WAIT))
          .isEqualTo(
              new SseTestClient.Event(
                  Long.toString(checkpoint),
                  "checkpoint",
                  "{\"checkpointId\":\"c1\",\"epoch\":0}"));

      long done = finish(job);
      assertThat(client.nextEvent(WAIT))
          .extracting(SseTestClient.Event::id, SseTestClient.Event::type)
          .containsExactly(Long.toString(done), "done");
      client.awaitEnd(WAIT);
    }
  }

  @Test
  void reconnectingAfterTheJobEndedReplaysOnlyWhatFollowsTheLastEventId() {
    String job = insertRunningJob();
    insertEvent(job, "status", "{\"status\":\"RUNNING\"}");
    long epoch = insertEvent(job, "epoch", "{\"epoch\":0}");
    long checkpoint = insertEvent(job, "checkpoint", "{\"checkpointId\":\"c1\",\"epoch\":0}");
    long done = finish(job);

    try (SseTestClient client = SseTestClient.connect(http, eventsUri(job), Long.toString(epoch))) {
      assertThat(client.nextEvent(WAIT).id()).isEqualTo(Long.toString(checkpoint));
      assertThat(client.nextEvent(WAIT).id()).isEqualTo(Long.toString(done));
      client.awaitEnd(WAIT);
    }
    URI withQuery = URI.create(eventsUri(job) + "?lastEventId=" + checkpoint);
    try (SseTestClient client = SseTestClient.connect(http, withQuery, null)) {
      assertThat(client.nextEvent(WAIT).type()).isEqualTo("done");
      client.awaitEnd(WAIT);
    }
    try (SseTestClient client = SseTestClient.connect(http, eventsUri(job), Long.toString(done))) {
      client.awaitEnd(WAIT);
    }
  }

  @Test
  void anUnknownJobIsA404ProblemEvenWhenAskingForAnEventStream() throws Exception {
    String unknown = UUID.randomUUID().toString();

    HttpResponse<String> response = get(eventsUri(unknown));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":404", "Training job '" + unknown + "'");
  }

  @Test
  void anIdThatIsNotAUuidIsA400Problem() throws Exception {
    HttpResponse<String> response = get(URI.create(baseUri() + "not-a-uuid/events"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"field\":\"id\"");
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Leased to a far-away owner so that no job worker in the context picks the row up: this test
   * plays the worker.
   */
  private String insertRunningJob() {
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into training_job (id, kind, status, dataset, request_json, lease_owner,"
                + " lease_expires_at, created_at, started_at, updated_at) values (:id, 'train',"
                + " 'RUNNING', 'test', '{}', 'streaming-test', :leaseExpiresAt, current_timestamp,"
                + " current_timestamp, current_timestamp)")
        .param("id", id)
        .param("leaseExpiresAt", OffsetDateTime.now().plusHours(1))
        .update();
    return id;
  }

  private long insertEvent(String job, String type, String data) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into job_event (job_id, type, data, created_at)"
                + " values (:job, :type, :data, current_timestamp)")
        .param("job", job)
        .param("type", type)
        .param("data", data)
        .update(keys, "id");
    return keys.getKeyAs(Long.class);
  }

  /** Appends {@code done} before the terminal status, in the order the training module does. */
  private long finish(String job) {
    long done = insertEvent(job, "done", "{\"status\":\"SUCCEEDED\",\"top1\":0.5,\"top5\":0.9}");
    jdbc.sql(
            "update training_job set status = 'SUCCEEDED', finished_at = current_timestamp"
                + " where id = :id")
        .param("id", job)
        .update();
    return done;
  }

  private double openStreams() {
    return meters.get("residual.sse.streams").gauge().value();
  }

  private URI eventsUri(String job) {
    return URI.create(baseUri() + job + "/events");
  }

  private String baseUri() {
    return "http://localhost:" + port + "/api/v1/training-jobs/";
  }
}

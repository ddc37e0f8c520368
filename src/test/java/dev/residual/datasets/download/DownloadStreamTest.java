package dev.residual.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetSource;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.streaming.EventFeed;
import dev.residual.streaming.EventStreams;
import dev.residual.streaming.StreamAppended;
import dev.residual.streaming.StreamEvent;
import dev.residual.streaming.StreamingProperties;
import dev.residual.system.ConflictException;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import dev.residual.system.ServiceBusyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dataset download streamed through the streaming module: the real download jobs, feed,
 * controller and event streams, with a catalog whose download is held until the test lets it end.
 */
class DownloadStreamTest {

  private static final String NAME = "imagenette";
  private static final String EVENTS = "/api/v1/datasets/{name}/download/events";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final DatasetCatalog catalog = mock(DatasetCatalog.class);
  private final CountDownLatch release = new CountDownLatch(1);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private EventStreams streams;
  private DownloadJobs jobs;
  private MockMvc mvc;

  @AfterEach
  void stop() {
    release.countDown();
    if (jobs != null) {
      jobs.shutdown();
    }
    if (streams != null) {
      streams.stop();
    }
  }

  @Test
  void replaysAfterLastEventIdThenFollowsAndEndsAfterDone() throws Exception {
    start(Duration.ofHours(1), 16);
    downloadEndsWith(null);
    mvc.perform(post("/api/v1/datasets/{name}/download", NAME))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.name").value(NAME))
        .andExpect(jsonPath("$.events").value("/api/v1/datasets/imagenette/download/events"))
        .andExpect(jsonPath("$.lastEvent.id").isNumber())
        .andExpect(jsonPath("$.lastEvent.type").isString());
    await().atMost(WAIT).until(() -> lastEventId() == 3);

    MockHttpServletResponse response = open(get(EVENTS, NAME).header("Last-Event-ID", "1"));
    await().atMost(WAIT).until(() -> response.getContentAsString().contains("event:progress"));
    assertThat(response.getContentAsString())
        .startsWith("id:2\nevent:phase\ndata:{\"phase\":\"downloading\"}\n\nid:3\nevent:progress")
        .contains("\"bytes\":50,\"total\":100,\"percent\":50.0")
        .doesNotContain("id:1\n");
    assertThat(openStreams()).isEqualTo(1);

    release.countDown();

    // Woken by the download's own wake-up: the poll interval is an hour.
    await().atMost(WAIT).until(() -> openStreams() == 0);
    assertThat(response.getContentAsString())
        .endsWith(
            "id:4\nevent:done\ndata:{\"status\":\"available\",\"name\":\"imagenette\","
                + "\"classes\":[\"a\",\"b\"],\"trainSize\":8,\"validSize\":2,"
                + "\"imageShape\":[3,32,32]}\n\n");
    mvc.perform(get("/api/v1/datasets/{name}/download", NAME))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("succeeded"))
        .andExpect(jsonPath("$.lastEvent.id").value(4))
        .andExpect(jsonPath("$.lastEvent.data.trainSize").value(8));
  }

  @Test
  void endsAfterFailedForFollowersAndLateSubscribers() throws Exception {
    start(Duration.ofHours(1), 16);
    downloadEndsWith(new ConflictException("the archive's checksum does not match"));
    mvc.perform(post("/api/v1/datasets/{name}/download", NAME)).andExpect(status().isAccepted());
    MockHttpServletResponse following = open(get(EVENTS, NAME));
    await().atMost(WAIT).until(() -> following.getContentAsString().contains("event:progress"));

    release.countDown();

    await().atMost(WAIT).until(() -> openStreams() == 0);
    String failed =
        "id:4\nevent:failed\ndata:{\"status\":\"failed\","
            + "\"reason\":\"the archive's checksum does not match\"}\n\n";
    assertThat(following.getContentAsString()).endsWith(failed);

    MockHttpServletResponse late = open(get(EVENTS, NAME).param("lastEventId", "3"));
    await().atMost(WAIT).until(() -> late.getContentAsString().equals(failed));
    await().atMost(WAIT).until(() -> openStreams() == 0);
  }

  @Test
  void anIdleDownloadStreamGetsHeartbeats() throws Exception {
    start(Duration.ofMillis(50), 16);
    downloadEndsWith(null);
    mvc.perform(post("/api/v1/datasets/{name}/download", NAME)).andExpect(status().isAccepted());
    await().atMost(WAIT).until(() -> lastEventId() == 3);

    MockHttpServletResponse response = open(get(EVENTS, NAME).header("Last-Event-ID", "3"));

    await()
        .atMost(WAIT)
        .until(() -> response.getContentAsString().startsWith(":heartbeat\n\n:heartbeat\n\n"));
  }

  @Test
  void sharesThePerClientCapWithEveryOtherStream() throws Exception {
    start(Duration.ofHours(1), 1);
    downloadEndsWith(null);
    mvc.perform(post("/api/v1/datasets/{name}/download", NAME)).andExpect(status().isAccepted());
    // The client already follows something else, say a training job.
    streams.open(new OpenFeed(), "job", 0, "10.0.0.1");

    assertThatThrownBy(() -> open(get(EVENTS, NAME).with(from("10.0.0.1"))))
        .rootCause()
        .isInstanceOfSatisfying(
            ServiceBusyException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            });
    open(get(EVENTS, NAME).with(from("10.0.0.2")));
    assertThat(openStreams()).isEqualTo(2);
  }

  @Test
  void aDatasetWithoutADownloadHasNoStream() {
    start(Duration.ofHours(1), 16);

    assertThatThrownBy(() -> open(get(EVENTS, NAME)))
        .rootCause()
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void anAvailableDatasetNeedsNoDownload() throws Exception {
    start(Duration.ofHours(1), 16);
    given(catalog.describe(NAME)).willReturn(summary(DatasetStatus.AVAILABLE));

    mvc.perform(post("/api/v1/datasets/{name}/download", NAME))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value(NAME))
        .andExpect(jsonPath("$.status").value("available"))
        .andExpect(jsonPath("$.events").doesNotExist())
        .andExpect(jsonPath("$.lastEvent").doesNotExist());
  }

  private void start(Duration heartbeat, int maxStreamsPerClient) {
    // A poll interval of an hour: only opening a stream and wake-ups make the pump run.
    streams =
        new EventStreams(
            new StreamingProperties(
                Duration.ofHours(1),
                heartbeat,
                Duration.ofMinutes(30),
                10,
                500,
                Duration.ofSeconds(5),
                maxStreamsPerClient),
            meters);
    streams.start();
    jobs =
        new DownloadJobs(
            catalog,
            event -> {
              if (event instanceof StreamAppended appended) {
                streams.wakeUp(appended.feed(), appended.key());
              }
            });
    DownloadFeed feed = new DownloadFeed(jobs, JsonMapper.builder().build());
    mvc =
        MockMvcBuilders.standaloneSetup(new DatasetDownloadController(jobs, streams, feed)).build();
    given(catalog.describe(NAME)).willReturn(summary(DatasetStatus.DOWNLOADABLE));
  }

  /** The download reports a phase and some bytes, waits for {@link #release}, then ends. */
  private void downloadEndsWith(RuntimeException failure) throws Exception {
    willAnswer(
            invocation -> {
              DownloadProgressListener listener = invocation.getArgument(1);
              listener.onPhase("downloading");
              listener.onProgress(DownloadProgress.of("imagenette.tgz", 50, 100));
              release.await();
              if (failure != null) {
                throw failure;
              }
              return summary(DatasetStatus.AVAILABLE);
            })
        .given(catalog)
        .download(eq(NAME), any());
  }

  private MockHttpServletResponse open(RequestBuilder request) throws Exception {
    return mvc.perform(request).andExpect(request().asyncStarted()).andReturn().getResponse();
  }

  private static org.springframework.test.web.servlet.request.RequestPostProcessor from(
      String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }

  private long lastEventId() {
    return jobs.find(NAME).map(job -> job.view().lastEvent().id()).orElse(0L);
  }

  private double openStreams() {
    return meters.get("residual.sse.streams").gauge().value();
  }

  private static DatasetSummary summary(DatasetStatus status) {
    return new DatasetSummary(
        NAME,
        "image-folder",
        status,
        List.of("a", "b"),
        List.of(3, 32, 32),
        8,
        2,
        DatasetSource.values()[0],
        null);
  }

  /** Another module's feed, with one stream that stays open. */
  private static final class OpenFeed implements EventFeed {

    @Override
    public String name() {
      return "other";
    }

    @Override
    public String subject() {
      return "Other";
    }

    @Override
    public Optional<State> state(String key) {
      return Optional.of(State.OPEN);
    }

    @Override
    public List<StreamEvent> eventsAfter(String key, long afterId, int limit) {
      return List.of();
    }
  }
}

package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A controller like the owning modules', the real streams and {@code SseEmitter} in Spring MVC
 * without a server: what goes on the wire, and that the container's timeout, error and completion
 * notifications free the slot.
 */
class SseEmitterWiringTest {

  private static final String JOB = "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  private final FakeFeed source = new FakeFeed();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  // Long poll and heartbeat intervals: only opening a stream and wakeUp() make the pump run.
  private final EventStreams streams = streams(Duration.ofHours(1), meters);
  private final MockMvc mvc = mvc(streams);

  @BeforeEach
  void start() {
    source.job(JOB, "RUNNING");
    streams.start();
  }

  @AfterEach
  void stop() {
    streams.stop();
  }

  @Test
  void writesStoredJsonVerbatimAsIdEventAndDataLines() throws Exception {
    source.append(JOB, "status", "{\"status\":\"RUNNING\"}");
    MvcResult result = open();
    MockHttpServletResponse response = result.getResponse();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> response.getContentAsString().contains("event:status"));
    source.append(JOB, "epoch", "{\"epoch\":0,\"top1\":0.25}");
    streams.wakeUp(source.name(), JOB);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> response.getContentAsString().contains("event:epoch"));

    assertThat(response.getContentType()).startsWith("text/event-stream");
    assertThat(response.getContentAsString())
        .isEqualTo(
            "id:1\nevent:status\ndata:{\"status\":\"RUNNING\"}\n\n"
                + "id:2\nevent:epoch\ndata:{\"epoch\":0,\"top1\":0.25}\n\n");
  }

  @Test
  void anIdleStreamGetsHeartbeatComments() throws Exception {
    EventStreams beating = streams(Duration.ofMillis(50), new SimpleMeterRegistry());
    beating.start();
    try {
      MockHttpServletResponse response = open(mvc(beating)).getResponse();

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> response.getContentAsString().startsWith(":heartbeat\n\n:heartbeat\n\n"));
    } finally {
      beating.stop();
    }
  }

  @Test
  void aTimeoutFreesTheStreamAndEndsTheResponse() throws Exception {
    MvcResult result = open();

    notifyListeners(result, (listener, event) -> listener.onTimeout(event));

    await().atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 0);
    // Completed, not failed: the client simply reconnects with Last-Event-ID.
    assertThat(result.getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void anErrorFreesTheStream() throws Exception {
    MvcResult result = open();

    notifyListeners(result, (listener, event) -> listener.onError(event));

    await().atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 0);
  }

  @Test
  void completionFreesTheStream() throws Exception {
    MvcResult result = open();

    notifyListeners(result, (listener, event) -> listener.onComplete(event));

    await().atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 0);
  }

  private MvcResult open() throws Exception {
    MvcResult result = open(mvc);
    assertThat(openStreams()).isEqualTo(1);
    return result;
  }

  private static MvcResult open(MockMvc mvc) throws Exception {
    return mvc.perform(get("/streams/{key}", JOB)).andExpect(request().asyncStarted()).andReturn();
  }

  private EventStreams streams(Duration heartbeat, MeterRegistry registry) {
    return new EventStreams(
        new StreamingProperties(
            Duration.ofHours(1), heartbeat, Duration.ofMinutes(30), 10, 500, Duration.ofSeconds(5)),
        registry);
  }

  private MockMvc mvc(EventStreams streams) {
    return MockMvcBuilders.standaloneSetup(new StreamController(streams, source)).build();
  }

  /** What an owning module's controller does: opens its feed's stream at the resume position. */
  @RestController
  record StreamController(EventStreams streams, EventFeed feed) {

    @GetMapping(path = "/streams/{key}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
        @PathVariable("key") String key,
        @RequestHeader(name = LastEventId.HEADER, required = false) String header,
        @RequestParam(name = LastEventId.PARAMETER, required = false) String parameter,
        HttpServletRequest request) {
      return streams.open(
          feed, key, LastEventId.resolve(header, parameter), request.getRemoteAddr());
    }
  }

  private void notifyListeners(MvcResult result, Notification notification) throws IOException {
    MockAsyncContext context = (MockAsyncContext) result.getRequest().getAsyncContext();
    AsyncEvent event = new AsyncEvent(context, new IOException("Connection reset by peer"));
    for (AsyncListener listener : context.getListeners()) {
      notification.send(listener, event);
    }
  }

  private double openStreams() {
    return meters.get("residual.sse.streams").gauge().value();
  }

  @FunctionalInterface
  private interface Notification {
    void send(AsyncListener listener, AsyncEvent event) throws IOException;
  }
}

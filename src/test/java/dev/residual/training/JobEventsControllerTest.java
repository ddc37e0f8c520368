package dev.residual.training;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.streaming.EventStreams;
import dev.residual.system.NotFoundException;
import dev.residual.system.ServiceBusyException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@WebMvcTest(controllers = JobEventsController.class)
class JobEventsControllerTest {

  private static final String JOB = "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60";
  private static final String EVENTS = "/api/v1/training-jobs/{id}/events";

  @Autowired private MockMvc mvc;

  @MockitoBean private EventStreams streams;
  @MockitoBean private JobEventFeed feed;

  @Test
  void opensAnUncachedStreamFromTheStart() throws Exception {
    given(streams.open(eq(feed), eq(JOB), eq(0L), anyString())).willReturn(new SseEmitter());

    mvc.perform(get(EVENTS, JOB).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(request().asyncStarted())
        .andExpect(header().string("Cache-Control", "no-cache"))
        .andExpect(header().string("X-Accel-Buffering", "no"));

    verify(streams).open(eq(feed), eq(JOB), eq(0L), anyString());
  }

  @Test
  void theLastEventIdHeaderWinsOverTheQueryParameter() throws Exception {
    given(streams.open(eq(feed), anyString(), anyLong(), anyString())).willReturn(new SseEmitter());

    mvc.perform(get(EVENTS + "?lastEventId=3", JOB).header("Last-Event-ID", "7"));
    mvc.perform(get(EVENTS + "?lastEventId=3", JOB.toUpperCase()));

    verify(streams).open(eq(feed), eq(JOB), eq(7L), anyString());
    verify(streams).open(eq(feed), eq(JOB), eq(3L), anyString());
  }

  @Test
  void anIdThatIsNotAUuidIsABadRequest() throws Exception {
    mvc.perform(get(EVENTS, "1-2-3-4-5").accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("id"));

    verifyNoInteractions(streams);
  }

  @Test
  void aMalformedLastEventIdIsABadRequest() throws Exception {
    mvc.perform(get(EVENTS, JOB).header("Last-Event-ID", "-1"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("Last-Event-ID"));
    mvc.perform(get(EVENTS + "?lastEventId=abc", JOB))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("lastEventId"));

    verifyNoInteractions(streams);
  }

  @Test
  void anUnknownJobIsAProblemEvenForAnEventStreamRequest() throws Exception {
    given(streams.open(eq(feed), eq(JOB), eq(0L), anyString()))
        .willThrow(new NotFoundException("Training job", JOB));

    mvc.perform(get(EVENTS, JOB).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(404))
        .andExpect(jsonPath("$.detail").value("Training job '" + JOB + "' does not exist"));
  }

  @Test
  void tooManyStreamsIsServiceUnavailableWithRetryAfter() throws Exception {
    given(streams.open(eq(feed), eq(JOB), eq(0L), anyString()))
        .willThrow(new ServiceBusyException("Too many open event streams", Duration.ofSeconds(5)));

    mvc.perform(get(EVENTS, JOB).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aDatabaseOutageIsServiceUnavailableEvenForAnEventStreamRequest() throws Exception {
    given(streams.open(eq(feed), eq(JOB), eq(0L), anyString()))
        .willThrow(
            new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("Connection is not available")));

    mvc.perform(get(EVENTS, JOB).accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().exists("Retry-After"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Database unavailable"));
  }
}

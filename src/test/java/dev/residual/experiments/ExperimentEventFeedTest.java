package dev.residual.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.residual.experiments.internal.ExperimentRepository;
import dev.residual.streaming.EventFeed;
import dev.residual.streaming.StreamEvent;
import dev.residual.training.ExperimentJobEvents;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An experiment's stream: its jobs' events from training, then its own {@code done}. */
class ExperimentEventFeedTest {

  private static final String ID = "99999999-2222-4333-8444-555555555555";

  private final ExperimentRepository experiments = mock(ExperimentRepository.class);
  private final ExperimentJobEvents jobs = mock(ExperimentJobEvents.class);
  private final ExperimentEventFeed feed =
      new ExperimentEventFeed(experiments, jobs, JsonMapper.builder().build());
  private final StreamEvent epoch = new StreamEvent(12, "epoch", "{\"jobId\":\"j\",\"epoch\":1}");

  @BeforeEach
  void anExperiment() {
    given(experiments.exists(ID)).willReturn(true);
    given(jobs.eventsAfter(ID, 0, 500)).willReturn(List.of(epoch));
    given(jobs.eventsAfter(ID, 0, 1)).willReturn(List.of(epoch));
    given(jobs.lastEventId(ID)).willReturn(14L);
  }

  @Test
  void anUnknownExperimentHasNoStream() {
    assertThat(feed.state("00000000-0000-4000-8000-000000000000")).isEmpty();
  }

  @Test
  void whileAJobRunsTheStreamIsOpenAndHasOnlyTheJobsEvents() {
    given(jobs.jobStatuses(ID)).willReturn(List.of("RUNNING", "SUCCEEDED"));

    assertThat(feed.state(ID)).hasValue(EventFeed.State.OPEN);
    assertThat(feed.eventsAfter(ID, 0, 500)).containsExactly(epoch);
  }

  @Test
  void onceEveryJobEndedItEndsWithADoneAboveEveryStoredEvent() {
    given(jobs.jobStatuses(ID)).willReturn(List.of("CANCELLED", "SUCCEEDED"));

    assertThat(feed.state(ID)).hasValue(EventFeed.State.ENDED);
    List<StreamEvent> page = feed.eventsAfter(ID, 0, 500);
    assertThat(page).hasSize(2).startsWith(epoch);
    assertThat(page.get(1))
        .isEqualTo(
            new StreamEvent(
                15,
                "done",
                "{\"status\":\"CANCELLED\",\"jobs\":2,\"succeeded\":1,\"failed\":0,"
                    + "\"cancelled\":1}"));
    assertThat(feed.eventsAfter(ID, 0, 1))
        .as("no done before the page is complete")
        .containsExactly(epoch);
  }

  @Test
  void anyFailedJobMakesTheExperimentFailed() {
    given(jobs.jobStatuses(ID)).willReturn(List.of("FAILED", "SUCCEEDED"));

    assertThat(feed.status(ID)).hasValue("FAILED");
    given(jobs.jobStatuses(ID)).willReturn(List.of("SUCCEEDED", "SUCCEEDED"));
    assertThat(feed.status(ID)).hasValue("SUCCEEDED");
  }
}

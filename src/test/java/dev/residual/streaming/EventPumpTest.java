package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventPumpTest {

  private static final String JOB = "00000000-0000-0000-0000-000000000001";
  private static final String OTHER = "00000000-0000-0000-0000-000000000002";

  private final FakeFeed source = new FakeFeed();
  private final StreamRegistry registry = new StreamRegistry(10);
  private final EventPump pump = new EventPump(registry, 500);

  @BeforeEach
  void runningJobs() {
    source.job(JOB, "RUNNING");
    source.job(OTHER, "RUNNING");
  }

  @Test
  void deliversOnlyTheJobsEventsInIdOrderAndOnlyOnce() {
    source.append(JOB, "status", "{\"status\":\"RUNNING\"}");
    source.append(OTHER, "status", "{\"status\":\"RUNNING\"}");
    source.append(JOB, "batch", "{\"batch\":1}");
    RecordingSink sink = subscribe(JOB, 0);

    pump.pump(source.topic(JOB));
    source.append(JOB, "batch", "{\"batch\":2}");
    pump.pump(source.topic(JOB));
    pump.pump(source.topic(JOB));

    assertThat(sink.ids()).containsExactly(1L, 3L, 4L);
    assertThat(sink.types()).containsExactly("status", "batch", "batch");
    assertThat(sink.completions()).isZero();
  }

  @Test
  void eachSubscriberResumesAfterItsOwnLastEventIdFromOneQuery() {
    for (int i = 1; i <= 5; i++) {
      source.append(JOB, "batch", "{\"batch\":" + i + "}");
    }
    RecordingSink fromStart = subscribe(JOB, 0);
    RecordingSink fromThree = subscribe(JOB, 3);
    RecordingSink beyondEnd = subscribe(JOB, 99);

    pump.pump(source.topic(JOB));

    assertThat(fromStart.ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(fromThree.ids()).containsExactly(4L, 5L);
    assertThat(beyondEnd.ids()).isEmpty();
    // One read for all three subscribers, starting after the smallest position.
    assertThat(source.queriedAfter()).containsExactly(0L);

    source.append(JOB, "batch", "{\"batch\":6}");
    pump.pump(source.topic(JOB));
    assertThat(source.queriedAfter()).containsExactly(0L, 5L);
    assertThat(fromThree.ids()).containsExactly(4L, 5L, 6L);
  }

  @Test
  void pagesThroughALongHistoryInBoundedReads() {
    EventPump smallPages = new EventPump(registry, 2);
    for (int i = 1; i <= 5; i++) {
      source.append(JOB, "batch", "{}");
    }
    source.append(JOB, "done", "{\"status\":\"SUCCEEDED\"}");
    source.job(JOB, "SUCCEEDED");
    RecordingSink sink = subscribe(JOB, 0);

    assertThat(smallPages.pump(source.topic(JOB))).isTrue();
    assertThat(smallPages.pump(source.topic(JOB))).isTrue();
    assertThat(sink.completions()).isZero();
    assertThat(smallPages.pump(source.topic(JOB))).isTrue();

    assertThat(sink.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(sink.completions()).isEqualTo(1);
    assertThat(source.queriedAfter()).containsExactly(0L, 2L, 4L);
    assertThat(registry.size()).isZero();
  }

  @Test
  void aJobThatEndedReplaysItsHistoryThenCompletes() {
    source.append(JOB, "status", "{\"status\":\"RUNNING\"}");
    source.append(JOB, "epoch", "{\"epoch\":0}");
    source.append(JOB, "done", "{\"status\":\"SUCCEEDED\"}");
    source.job(JOB, "SUCCEEDED");
    RecordingSink late = subscribe(JOB, 0);
    RecordingSink resuming = subscribe(JOB, 2);

    assertThat(pump.pump(source.topic(JOB))).isFalse();

    assertThat(late.types()).containsExactly("status", "epoch", "done");
    assertThat(resuming.ids()).containsExactly(3L);
    assertThat(late.completions()).isEqualTo(1);
    assertThat(resuming.completions()).isEqualTo(1);
    assertThat(registry.size()).isZero();
    assertThat(registry.hasSubscribers(source.topic(JOB))).isFalse();
  }

  @Test
  void aTerminalJobWithNothingLeftToSendCompletesOnTheNextPassEvenWithoutADoneEvent() {
    source.append(JOB, "status", "{\"status\":\"CANCELLED\"}");
    source.job(JOB, "CANCELLED");
    RecordingSink caughtUp = subscribe(JOB, 1);

    pump.pump(source.topic(JOB));
    assertThat(caughtUp.completions()).as("one more look first").isZero();
    pump.pump(source.topic(JOB));

    assertThat(caughtUp.ids()).isEmpty();
    assertThat(caughtUp.completions()).isEqualTo(1);
    assertThat(registry.size()).isZero();
  }

  @Test
  void aTerminalStatusSeenBeforeItsDoneEventDoesNotEndTheStreamWithoutIt() {
    source.append(JOB, "checkpoint", "{\"epoch\":1}");
    RecordingSink sink = subscribe(JOB, 0);
    pump.pump(source.topic(JOB));
    // The status row of the final commit is visible, its events not yet.
    source.job(JOB, "SUCCEEDED");
    pump.pump(source.topic(JOB));
    assertThat(sink.completions()).isZero();

    source.append(JOB, "status", "{\"status\":\"SUCCEEDED\"}");
    source.append(JOB, "done", "{\"status\":\"SUCCEEDED\"}");
    pump.pump(source.topic(JOB));

    assertThat(sink.types()).containsExactly("checkpoint", "status", "done");
    assertThat(sink.completions()).isEqualTo(1);
  }

  @Test
  void theDoneEventEndsTheStreamWhileTheStatusStillSaysRunning() {
    source.append(JOB, "done", "{\"status\":\"FAILED\"}");
    RecordingSink sink = subscribe(JOB, 0);

    pump.pump(source.topic(JOB));

    assertThat(sink.types()).containsExactly("done");
    assertThat(sink.completions()).isEqualTo(1);
  }

  @Test
  void aRunningJobKeepsItsStreamOpenWhenCaughtUp() {
    source.append(JOB, "status", "{\"status\":\"RUNNING\"}");
    RecordingSink sink = subscribe(JOB, 0);

    pump.pump(source.topic(JOB));
    pump.pump(source.topic(JOB));

    assertThat(sink.ids()).containsExactly(1L);
    assertThat(sink.completions()).isZero();
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void aDeletedJobEndsItsStreams() {
    RecordingSink sink = subscribe(JOB, 0);
    source.delete(JOB);

    pump.pump(source.topic(JOB));

    assertThat(sink.completions()).isEqualTo(1);
    assertThat(registry.size()).isZero();
  }

  @Test
  void aDeadClientIsRemovedWithoutDisturbingTheOthers() {
    source.append(JOB, "batch", "{}");
    RecordingSink dead = subscribe(JOB, 0);
    RecordingSink completedByTimeout = subscribe(JOB, 0);
    RecordingSink alive = subscribe(JOB, 0);
    dead.disconnect();
    completedByTimeout.completeElsewhere();

    pump.pump(source.topic(JOB));
    source.append(JOB, "batch", "{}");
    pump.pump(source.topic(JOB));

    assertThat(alive.ids()).containsExactly(1L, 2L);
    assertThat(dead.ids()).isEmpty();
    assertThat(completedByTimeout.ids()).isEmpty();
    // The container reports the failure itself; the pump only forgets the stream.
    assertThat(dead.completions()).isZero();
    assertThat(registry.subscribers(source.topic(JOB))).hasSize(1);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void heartbeatsReachEveryStreamAndFindDeadClients() {
    RecordingSink idle = subscribe(JOB, 0);
    RecordingSink other = subscribe(OTHER, 0);
    RecordingSink dead = subscribe(OTHER, 0);
    dead.disconnect();

    pump.heartbeat();
    pump.heartbeat();

    assertThat(idle.heartbeats()).isEqualTo(2);
    assertThat(other.heartbeats()).isEqualTo(2);
    assertThat(registry.topics()).containsExactlyInAnyOrder(source.topic(JOB), source.topic(OTHER));
    assertThat(registry.size()).isEqualTo(2);
  }

  @Test
  void completeAllEndsEveryStreamOnce() {
    List<RecordingSink> sinks = List.of(subscribe(JOB, 0), subscribe(OTHER, 0));

    pump.completeAll();
    pump.completeAll();

    assertThat(sinks).allSatisfy(sink -> assertThat(sink.completions()).isEqualTo(1));
    assertThat(registry.size()).isZero();
  }

  private RecordingSink subscribe(String jobId, long lastEventId) {
    RecordingSink sink = new RecordingSink();
    assertThat(registry.tryAdd(new Subscriber(source.topic(jobId), lastEventId, sink))).isTrue();
    return sink;
  }
}

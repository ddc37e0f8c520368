package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import dev.residual.system.ServiceBusyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class EventStreamsTest {

  private static final String JOB = "00000000-0000-0000-0000-00000000000a";

  private final FakeFeed source = new FakeFeed();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  // A poll interval of an hour means only open() and wakeUp() make the pump run in these tests.
  private final EventStreams streams =
      new EventStreams(
          new StreamingProperties(
              Duration.ofHours(1),
              Duration.ofHours(1),
              Duration.ofMinutes(30),
              2,
              500,
              Duration.ofSeconds(7)),
          meters);

  @AfterEach
  void stop() {
    streams.stop();
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertThatThrownBy(() -> streams.open(source, JOB, 0))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND));
    assertThat(openStreamsGauge()).isZero();
  }

  @Test
  void refusesStreamsBeyondMaxStreamsWithRetryAfterAndCountsThemInTheGauge() {
    source.job(JOB, "RUNNING");
    streams.open(source, JOB, 0);
    streams.open(source, JOB, 0);
    assertThat(openStreamsGauge()).isEqualTo(2);

    assertThatThrownBy(() -> streams.open(source, JOB, 0))
        .isInstanceOfSatisfying(
            ServiceBusyException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
    assertThat(openStreamsGauge()).isEqualTo(2);
  }

  @Test
  void stoppingCompletesEveryStreamAndRefusesNewOnes() {
    source.job(JOB, "RUNNING");
    streams.start();
    assertThat(streams.isRunning()).isTrue();
    streams.open(source, JOB, 0);

    streams.stop();

    assertThat(streams.isRunning()).isFalse();
    assertThat(openStreamsGauge()).isZero();
    assertThatThrownBy(() -> streams.open(source, JOB, 0)).isInstanceOf(ServiceBusyException.class);
    // Waking a stopped service is harmless: the training module may still be winding down.
    streams.wakeUp(source.name(), JOB);
  }

  @Test
  void wakeUpMakesThePumpDeliverWithoutWaitingForThePoll() {
    source.job(JOB, "RUNNING");
    streams.open(source, JOB, 0);
    streams.start();
    // The first pass (the poll that start() runs at once) finds nothing and leaves the stream open.
    await().atMost(Duration.ofSeconds(5)).until(() -> !source.queriedAfter().isEmpty());
    assertThat(openStreamsGauge()).isEqualTo(1);

    source.append(JOB, "done", "{\"status\":\"SUCCEEDED\"}");
    source.job(JOB, "SUCCEEDED");
    streams.wakeUp(source.name(), JOB);

    // Delivering the done event completes the stream, which the gauge shows.
    await().atMost(Duration.ofSeconds(5)).until(() -> openStreamsGauge() == 0);
    assertThat(source.queriedAfter()).hasSizeGreaterThanOrEqualTo(2).allMatch(id -> id == 0);
  }

  @Test
  void wakingAJobNobodyFollowsReadsNothing() {
    source.job(JOB, "RUNNING");
    streams.start();

    streams.wakeUp(source.name(), JOB);
    streams.stop();

    assertThat(source.queriedAfter()).isEmpty();
  }

  private double openStreamsGauge() {
    return meters.get("residual.sse.streams").gauge().value();
  }
}

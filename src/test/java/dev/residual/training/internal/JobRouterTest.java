package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.residual.training.JobStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRouterTest {

  private final TrainingJobExecutor training = mock(TrainingJobExecutor.class);
  private final LrFinderExecutor lrFinder = mock(LrFinderExecutor.class);
  private final JobRouter router = new JobRouter(training, lrFinder);
  private final JobControl control = new JobControl();

  static JobRow row(String kind) {
    return new JobRow(
        "3f0c0000-0000-4000-8000-000000000000",
        kind,
        JobStatus.RUNNING,
        "fashion-mnist",
        "{}",
        null,
        1,
        false,
        "me",
        null,
        0,
        0,
        null,
        null,
        null,
        Instant.now(),
        Instant.now(),
        null,
        "me",
        null,
        null,
        null,
        null);
  }

  @Test
  void routesEachJobToTheExecutorOfItsKind() throws Exception {
    var trained = new JobExecutor.Outcome(true, Map.of("top1", 0.9));
    var swept = new JobExecutor.Outcome(true, Map.of("suggestedLearningRate", 1e-3));
    JobRow train = row("train");
    JobRow sweep = row("lr-finder");
    given(training.execute(train, control)).willReturn(trained);
    given(lrFinder.execute(sweep, control)).willReturn(swept);

    assertThat(router.execute(train, control)).isSameAs(trained);
    assertThat(router.execute(sweep, control)).isSameAs(swept);
  }

  @Test
  void anUnknownKindFailsTheJobWithoutRunningAnything() {
    assertThatThrownBy(() -> router.execute(row("distill"), control))
        .hasMessageContaining("Unknown job kind 'distill'");
    verifyNoInteractions(training, lrFinder);
  }
}

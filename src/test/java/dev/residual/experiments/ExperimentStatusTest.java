package dev.residual.experiments;

import static dev.residual.training.JobStatus.CANCELLED;
import static dev.residual.training.JobStatus.FAILED;
import static dev.residual.training.JobStatus.QUEUED;
import static dev.residual.training.JobStatus.RUNNING;
import static dev.residual.training.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentStatusTest {

  @Test
  void followsItsJobs() {
    assertThat(ExperimentStatus.of(List.of(QUEUED, QUEUED))).isEqualTo(ExperimentStatus.QUEUED);
    assertThat(ExperimentStatus.of(List.of(SUCCEEDED, QUEUED))).isEqualTo(ExperimentStatus.RUNNING);
    assertThat(ExperimentStatus.of(List.of(RUNNING, QUEUED))).isEqualTo(ExperimentStatus.RUNNING);
    assertThat(ExperimentStatus.of(List.of(SUCCEEDED, SUCCEEDED)))
        .isEqualTo(ExperimentStatus.SUCCEEDED);
    assertThat(ExperimentStatus.of(List.of(SUCCEEDED, CANCELLED, FAILED)))
        .isEqualTo(ExperimentStatus.FAILED);
    assertThat(ExperimentStatus.of(List.of(SUCCEEDED, CANCELLED)))
        .isEqualTo(ExperimentStatus.CANCELLED);
    assertThat(ExperimentStatus.CANCELLED.isTerminal()).isTrue();
    assertThat(ExperimentStatus.RUNNING.isTerminal()).isFalse();
  }
}

package dev.residual.training.internal;

import dev.residual.training.JobKinds;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/** The executor the queue calls: hands each job to the executor of its {@link JobRow#kind()}. */
@Primary
@Component
class JobRouter implements JobExecutor {

  private final TrainingJobExecutor training;
  private final LrFinderExecutor lrFinder;

  JobRouter(TrainingJobExecutor training, LrFinderExecutor lrFinder) {
    this.training = training;
    this.lrFinder = lrFinder;
  }

  @Override
  public Outcome execute(JobRow job, JobControl control) throws Exception {
    return switch (job.kind()) {
      case JobKinds.TRAIN -> training.execute(job, control);
      case JobKinds.LR_FINDER -> lrFinder.execute(job, control);
      default -> throw new IllegalStateException("Unknown job kind '" + job.kind() + "'");
    };
  }
}

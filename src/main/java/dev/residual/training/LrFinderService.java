package dev.residual.training;

import dev.residual.datasets.DatasetSummary;
import dev.residual.models.ArchitectureResolver;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.InvalidRequestException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues LR-finder jobs. They share the training queue, its limit and its workers; once queued they
 * are followed, cancelled and deleted like any job, through {@link TrainingJobService}.
 */
@Service
public class LrFinderService {

  private final JobSubmissions submissions;
  private final ArchitectureResolver architectures;

  LrFinderService(JobSubmissions submissions, ArchitectureResolver architectures) {
    this.submissions = submissions;
    this.architectures = architectures;
  }

  /** Validates what bean validation cannot see, as a training job submission does, and queues. */
  @Transactional
  public TrainingJob submit(LrFinderRequest request) {
    DatasetSummary dataset = submissions.dataset(request.dataset());
    List<Integer> shape = dataset.imageShape();
    LrFinderRequest resolved = LrFinderDefaults.apply(request, shape.get(1));
    if (resolved.endLr() <= resolved.startLr()) {
      throw InvalidRequestException.field(
          "endLr", "must be greater than startLr (" + resolved.startLr() + ")");
    }
    ArchitectureSpec spec = architectures.resolve(resolved.architecture());
    spec.validate(
        shape.get(0), resolved.imageSize(), resolved.imageSize(), dataset.classes().size());
    spec.validateTrainingBudget(
        shape.get(0), resolved.imageSize(), dataset.classes().size(), resolved.batchSize());
    // A spec is stored with its defaults, as every other field is; a name stays a name.
    LrFinderRequest stored =
        resolved.architecture() instanceof String ? resolved : resolved.withArchitecture(spec);
    return submissions.enqueue(JobKinds.LR_FINDER, resolved.dataset(), stored);
  }
}

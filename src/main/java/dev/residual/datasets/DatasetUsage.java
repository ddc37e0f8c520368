package dev.residual.datasets;

import java.util.Optional;

/**
 * Something that still needs a dataset, such as a queued or running training job. Deleting a
 * dataset asks every such bean first and is refused (409) while any of them claims it; the training
 * module implements it, so that datasets need not know about jobs.
 */
public interface DatasetUsage {

  /**
   * Describes what uses the dataset, for the 409 message (e.g. {@code training job 1b2c…
   * (RUNNING)}), or empty when this component does not use it.
   */
  Optional<String> findUse(String datasetName);
}

package dev.residual.experiments.internal;

import dev.residual.experiments.ExperimentVariant;
import dev.residual.experiments.Metric;
import dev.residual.training.TrainingJobRequest;
import java.util.List;

/** What a preset expands into for a dataset and a number of epochs. */
record PresetPlan(
    TrainingJobRequest base,
    List<ExperimentVariant> variants,
    List<Long> seeds,
    Integer evaluateAtImageSize,
    List<Metric> headline) {}

package dev.residual.training.internal;

import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.EngineInfo;
import dev.residual.training.EpochMetrics;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.runner.EpochResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every checkpoint of one run says about itself: architecture, classes, input shape,
 * normalisation, request and engine. Only the epoch and its metrics differ between checkpoints.
 */
record RunDescription(
    ArchitectureSpec spec,
    LabeledDataset dataset,
    Normalization normalization,
    TrainingJobRequest request,
    EngineInfo engine,
    JsonMapper json) {

  CheckpointMetadata forEpoch(EpochResult epoch) {
    Map<String, Double> metrics = EpochMetrics.of(epoch).checkpointMetrics();
    int size = TrainingJobExecutor.settings(request).imageSizeAt(epoch.epoch() - 1);
    return CheckpointMetadata.of(
        spec,
        dataset.classes(),
        List.of(dataset.train().channels(), size, size),
        new CheckpointMetadata.Normalization(
            floats(normalization.mean()), floats(normalization.std())),
        json.valueToTree(request),
        epoch.epoch(),
        metrics,
        engine,
        dataset.train().height());
  }

  private static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return list;
  }
}

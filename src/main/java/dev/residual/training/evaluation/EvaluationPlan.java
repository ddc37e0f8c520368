package dev.residual.training.evaluation;

import dev.residual.checkpoints.Checkpoint;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.datasets.DatasetSummary;
import dev.residual.datasets.Normalization;
import dev.residual.system.ApiException;
import dev.residual.training.TrainingDefaults;
import dev.residual.training.runner.Evaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An evaluation checked against the checkpoint before anything is loaded: the dataset must have the
 * checkpoint's channels and number of classes; the input pipeline and the loss are the job's.
 */
record EvaluationPlan(
    Checkpoint checkpoint, String dataset, String split, Evaluator.Settings settings) {

  static final int DEFAULT_BATCH_SIZE = TrainingDefaults.BATCH_SIZE;

  /** Checks {@code request} against the checkpoint and the dataset; 400 naming the field if not. */
  static EvaluationPlan of(
      Checkpoint checkpoint, EvaluationRequest request, DatasetSummary dataset) {
    CheckpointMetadata metadata = checkpoint.metadata();
    List<Integer> input = metadata.inputShape();
    Map<String, String> errors = new LinkedHashMap<>();
    int channels = dataset.imageShape().get(0);
    if (channels != input.get(0)) {
      errors.put(
          "dataset",
          "has "
              + channels
              + "-channel images, the checkpoint takes "
              + input.get(0)
              + " channels");
    } else if (dataset.classes().size() != metadata.classes().size()) {
      errors.put(
          "dataset",
          "has "
              + dataset.classes().size()
              + " classes, the checkpoint predicts "
              + metadata.classes().size());
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalidFields(errors);
    }
    if (!input.get(1).equals(input.get(2))) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "Checkpoint cannot be evaluated",
          "Its input is "
              + input.get(1)
              + "×"
              + input.get(2)
              + "; only square inputs are supported");
    }
    int batchSize =
        request.batchSize() != null
            ? request.batchSize()
            : metadata.requestedBatchSize().orElse(DEFAULT_BATCH_SIZE);
    double labelSmoothing = metadata.requestedLabelSmoothing().orElse(0);
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      labelSmoothing = 0;
    }
    CheckpointMetadata.Normalization stats = metadata.normalization();
    Evaluator.Settings settings =
        new Evaluator.Settings(
            new Normalization(floats(stats.mean()), floats(stats.std())),
            input.get(1),
            batchSize,
            request.limitBatches(),
            labelSmoothing);
    return new EvaluationPlan(checkpoint, request.dataset(), request.splitOrDefault(), settings);
  }

  /** The same plan with the images resized to {@code imageSize}; null keeps the plan as it is. */
  EvaluationPlan atImageSize(Integer imageSize) {
    if (imageSize == null) {
      return this;
    }
    Evaluator.Settings s = settings;
    return new EvaluationPlan(
        checkpoint,
        dataset,
        split,
        new Evaluator.Settings(
            s.normalization(), imageSize, s.batchSize(), s.limitBatches(), s.labelSmoothing()));
  }

  private static float[] floats(List<Float> values) {
    float[] array = new float[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }
}

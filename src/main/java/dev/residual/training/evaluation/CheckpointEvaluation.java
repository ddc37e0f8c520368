package dev.residual.training.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * A checkpoint's metrics on a dataset split, computed as its job validated.
 *
 * @param images images evaluated
 * @param batches batches evaluated
 * @param batchSize images per batch
 * @param labelSmoothing the label smoothing of the loss: the job's, else 0
 * @param loss mean cross-entropy per image
 * @param top1 top-1 accuracy (ties count against the prediction)
 * @param top5 top-5 accuracy
 * @param perClass accuracy (recall) of each true class
 * @param confusionMatrix counts; row = true class, column = predicted class (the highest score)
 * @param seconds wall time of the pass
 */
public record CheckpointEvaluation(
    UUID checkpointId,
    String dataset,
    String split,
    long images,
    int batches,
    int batchSize,
    double labelSmoothing,
    double loss,
    double top1,
    double top5,
    List<ClassAccuracy> perClass,
    long[][] confusionMatrix,
    double seconds) {

  /**
   * One true class.
   *
   * @param label the checkpoint's name for it
   * @param accuracy share of its images predicted as it; absent when it had no images
   * @param count its images
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClassAccuracy(
      int classIndex, String label, @Schema(nullable = true) Double accuracy, long count) {}
}

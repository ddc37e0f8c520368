package dev.residual.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a prediction request: for each image ({@code image} first, then {@code images} in
 * the order sent), its most probable classes.
 *
 * @param model the model's name; absent for a bare checkpoint
 * @param version the version that answered; absent for a bare checkpoint
 * @param checkpointId the checkpoint whose weights answered
 * @param tta whether each image's mirror image was averaged in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PredictionResponse(
    @Nullable String model,
    @Nullable Integer version,
    UUID checkpointId,
    int topK,
    boolean tta,
    List<ImagePrediction> predictions,
    Timings timings) {

  /**
   * One image's classes, most probable first.
   *
   * @param image the file name of a multipart part, or its position
   */
  record ImagePrediction(int index, String image, List<ClassProbability> classes) {}

  /** A class and its softmax probability. */
  record ClassProbability(String label, int classIndex, double probability) {}

  /**
   * Where the time went, in milliseconds.
   *
   * @param decodeMs reading, decoding and preprocessing every image
   * @param queueMs the longest wait of an image for its batch
   * @param inferenceMs the longest forward pass among the request's batches
   * @param totalMs from the start of preprocessing to the answer
   */
  record Timings(double decodeMs, double queueMs, double inferenceMs, double totalMs) {}
}

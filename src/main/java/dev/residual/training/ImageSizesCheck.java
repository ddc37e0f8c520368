package dev.residual.training;

import dev.residual.models.ArchitectureSpec;
import dev.residual.models.HeadType;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import java.util.List;

/** The rules of progressive resizing that bean validation cannot express. */
final class ImageSizesCheck {

  private ImageSizesCheck() {}

  /**
   * Checks {@code imageSizes}: first step at epoch 0, strictly increasing epochs within the job,
   * every size valid for the network, a single size for a {@code flatten} head, and an explicit
   * {@code imageSize} equal to the last size.
   *
   * @param submitted the request as the client sent it
   * @param resolved the same request with defaults filled in
   * @throws DomainException 400 naming {@code imageSizes} or {@code imageSize}
   */
  static void check(
      TrainingJobRequest submitted,
      TrainingJobRequest resolved,
      ArchitectureSpec spec,
      int channels,
      int classes) {
    List<TrainingJobRequest.ImageSize> steps = resolved.imageSizes();
    if (steps == null) {
      return;
    }
    if (steps.get(0).fromEpoch() != 0) {
      throw InvalidRequestException.field(
          "imageSizes[0].fromEpoch", "the first step must start at epoch 0");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).fromEpoch() <= steps.get(i - 1).fromEpoch()) {
        throw InvalidRequestException.field(
            "imageSizes[" + i + "].fromEpoch", "epochs must increase strictly from step to step");
      }
    }
    TrainingJobRequest.ImageSize last = steps.get(steps.size() - 1);
    if (last.fromEpoch() >= resolved.epochs()) {
      throw InvalidRequestException.field(
          "imageSizes[" + (steps.size() - 1) + "].fromEpoch",
          "must be below epochs (" + resolved.epochs() + "); epochs count from 0");
    }
    if (submitted.imageSize() != null && !submitted.imageSize().equals(last.size())) {
      throw InvalidRequestException.field(
          "imageSize", "must equal the last imageSizes size (" + last.size() + ") or be left out");
    }
    boolean resizes = steps.stream().map(TrainingJobRequest.ImageSize::size).distinct().count() > 1;
    if (resizes && spec.head() == HeadType.FLATTEN) {
      throw InvalidRequestException.field(
          "imageSizes",
          "a flatten head fixes the input size; progressive resizing needs the avgpool head");
    }
    for (int i = 0; i < steps.size(); i++) {
      int size = steps.get(i).size();
      try {
        spec.validate(channels, size, size, classes);
      } catch (DomainException e) {
        throw InvalidRequestException.field(
            "imageSizes[" + i + "].size", String.join("; ", e.fieldErrors().values()));
      }
    }
  }
}

package dev.residual.models;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.stereotype.Service;

/** The named architectures with their sizes, and summaries of any spec. */
@Service
public class ArchitectureCatalog {

  private static final int IMAGENET_CHANNELS = 3;
  private static final int IMAGENET_CLASSES = 1000;
  private static final int IMAGENET_SIZE = 224;

  private final List<NamedArchitecture> named;

  ArchitectureCatalog() {
    this.named =
        Architectures.named().entrySet().stream()
            .map(
                e ->
                    new NamedArchitecture(
                        e.getKey(),
                        e.getValue().block(),
                        e.getValue().blocks(),
                        e.getValue().widths(),
                        ModelSummaries.of(
                                e.getValue(),
                                IMAGENET_CHANNELS,
                                IMAGENET_SIZE,
                                IMAGENET_SIZE,
                                IMAGENET_CLASSES)
                            .parameters(),
                        e.getValue()))
            .toList();
  }

  public List<NamedArchitecture> named() {
    return named;
  }

  /** Validates the spec against the input shape and summarises it; 400 naming the field if not. */
  public ModelSummary summarize(
      ArchitectureSpec spec, int channels, int height, int width, int numClasses) {
    spec.validate(channels, height, width, numClasses);
    return ModelSummaries.of(spec, channels, height, width, numClasses);
  }

  /** One entry of {@code GET /api/v1/architectures}. */
  public record NamedArchitecture(
      String name,
      BlockType block,
      List<Integer> blocksPerStage,
      List<Integer> widths,
      @Schema(description = "Parameters for 3 input channels and 1000 classes") long parameters,
      ArchitectureSpec spec) {}
}

package dev.residual.datasets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the datasets jobs can train on. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Built-in image datasets and whether they can be used")
class DatasetController {

  private final DatasetCatalog catalog;

  DatasetController(DatasetCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping
  @Operation(
      summary = "List datasets",
      description =
          "Every built-in dataset with its classes, split sizes and status: available (its files"
              + " are on this server), downloadable (they can be fetched) or missing.")
  @ApiResponse(responseCode = "200", description = "The datasets, in a fixed order")
  List<DatasetResponse> list() {
    return catalog.list().stream().map(DatasetResponse::from).toList();
  }

  /** One dataset as the API shows it; server paths are deliberately left out. */
  @Schema(name = "Dataset")
  record DatasetResponse(
      @Schema(description = "Name used in training requests", example = "fashion-mnist")
          String name,
      @Schema(description = "File format", example = "idx") String kind,
      @Schema(allowableValues = {"available", "downloadable", "missing"}) String status,
      @Schema(description = "Class names; a label is an index into this list") List<String> classes,
      @Schema(description = "[channels, height, width] of one image", example = "[1, 28, 28]")
          List<Integer> imageShape,
      @Schema(description = "Images in the training split", example = "60000") int trainSize,
      @Schema(
              description = "Images in the validation split (the official test set)",
              example = "10000")
          int validSize,
      @Schema(
              description = "Where the files were found; null unless available",
              allowableValues = {"configured", "system", "data-dir"},
              nullable = true)
          String source) {

    static DatasetResponse from(DatasetSummary summary) {
      return new DatasetResponse(
          summary.name(),
          summary.kind(),
          summary.status().value(),
          summary.classes(),
          summary.imageShape(),
          summary.trainSize(),
          summary.validSize(),
          summary.source() == null ? null : summary.source().value());
    }
  }
}

package dev.residual.datasets;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.datasets.images.ImageStats;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** One dataset as the API shows it; server paths are deliberately left out. */
@Schema(name = "Dataset")
public record DatasetResponse(
    @Schema(description = "Name used in training requests", example = "fashion-mnist") String name,
    @Schema(description = "idx or image-folder", example = "idx") String kind,
    @Schema(allowableValues = {"available", "downloadable", "downloading", "missing"})
        String status,
    @Schema(description = "Class names; a label is an index into this list") List<String> classes,
    @Schema(
            description = "[channels, height, width] of one (cached) image",
            example = "[1, 28, 28]")
        List<Integer> imageShape,
    @Schema(description = "Images in the training split; 0 until downloaded", example = "60000")
        int trainSize,
    @Schema(description = "Images in the validation split", example = "10000") int validSize,
    @Schema(
            description = "Where the files came from; null unless available",
            allowableValues = {
              "configured",
              "system",
              "data-dir",
              "upload",
              "server-folder",
              "download"
            },
            nullable = true)
        String source,
    @JsonInclude(NON_NULL) @Schema(description = "split or class-folders (image folders)")
        String layout,
    @JsonInclude(NON_NULL) @Schema(description = "Files that were not images and were skipped")
        Integer skippedFiles,
    @JsonInclude(NON_NULL) @Schema(description = "Sizes of the original images")
        ImageStats imageStats,
    @JsonInclude(NON_NULL) @Schema(description = "Per-channel mean of the training images, 0-1")
        float[] mean,
    @JsonInclude(NON_NULL) @Schema(description = "Per-channel standard deviation") float[] std,
    @JsonInclude(NON_NULL) @Schema(description = "The uploaded file's name or the download URL")
        String origin,
    @JsonInclude(NON_NULL) Instant createdAt) {

  static DatasetResponse from(DatasetSummary summary) {
    DatasetSummary.Details d = summary.details();
    boolean showOrigin = d != null && summary.source() != DatasetSource.SERVER_FOLDER;
    return new DatasetResponse(
        summary.name(),
        summary.kind(),
        summary.status().value(),
        summary.classes(),
        summary.imageShape(),
        summary.trainSize(),
        summary.validSize(),
        summary.source() == null ? null : summary.source().value(),
        d == null ? null : d.layout(),
        d == null ? null : d.skippedFiles(),
        d == null ? null : d.imageStats(),
        d == null ? null : d.normalization().mean(),
        d == null ? null : d.normalization().std(),
        showOrigin ? d.origin() : null,
        d == null ? null : d.createdAt());
  }
}

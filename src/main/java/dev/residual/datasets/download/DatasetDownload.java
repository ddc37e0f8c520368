package dev.residual.datasets.download;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A dataset's download as {@code POST} and {@code GET .../download} return it. A dataset that is
 * already available has only {@code name} and {@code status}.
 *
 * @param name the dataset
 * @param status queued, running, succeeded, failed; or available when there is nothing to do
 * @param events where to follow the download
 * @param lastEvent the download's last event so far
 */
@Schema(name = "DatasetDownload", description = "A dataset download and its last event")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetDownload(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"queued", "running", "succeeded", "failed", "available"})
        String status,
    @Schema(description = "The URL of the download's event stream") String events,
    DownloadJob.Event lastEvent) {

  static DatasetDownload available(String name) {
    return new DatasetDownload(name, "available", null, null);
  }
}

package dev.residual.datasets.download;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The {@code data} of each server-sent event of a dataset download, one record per event type: a
 * download sends {@code phase} and {@code progress} events, {@code decode} while it decodes images,
 * and last {@code done} or {@code failed}. The contract documents each record as a named schema.
 */
@Schema(
    name = "DownloadEventData",
    description = "The data of a dataset download's event; its schema depends on the event type",
    oneOf = {
      DownloadEventData.Phase.class,
      DownloadEventData.Progress.class,
      DownloadEventData.Decode.class,
      DownloadEventData.Done.class,
      DownloadEventData.Failed.class
    })
public interface DownloadEventData {

  String PHASE = "phase";
  String PROGRESS = "progress";
  String DECODE = "decode";
  String DONE = "done";
  String FAILED = "failed";

  /** A {@code phase} event: a new phase of the download has started. */
  @Schema(name = "DownloadPhaseEvent", description = "A new phase began (event `phase`)")
  record Phase(
      @Schema(
              description = "queued, downloading, verifying, extracting, decoding or registering",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String phase)
      implements DownloadEventData {}

  /** A {@code progress} event: bytes of one file downloaded so far. */
  @Schema(name = "DownloadProgressEvent", description = "Bytes downloaded (event `progress`)")
  record Progress(
      @Schema(description = "The file being downloaded") String file,
      @Schema(description = "Bytes downloaded so far") long bytes,
      @Schema(description = "The file's length, -1 while unknown") long total,
      @Schema(description = "Percent done, -1 while the length is unknown") double percent,
      @Schema(description = "Average rate since the file's download began") long bytesPerSecond,
      @Schema(description = "Estimated seconds left; null while unknown", nullable = true)
          Double etaSeconds)
      implements DownloadEventData {}

  /** A {@code decode} event: images decoded so far. */
  @Schema(name = "DownloadDecodeEvent", description = "Images decoded (event `decode`)")
  record Decode(
      @Schema(description = "Images decoded so far") int images,
      @Schema(description = "Images to decode") int total,
      @Schema(description = "Percent done") double percent)
      implements DownloadEventData {}

  /** The {@code done} event: the dataset is available. Always the last event. */
  @Schema(
      name = "DownloadDoneEvent",
      description = "The dataset is available (event `done`, the last one)")
  record Done(
      @Schema(description = "Always `available`") String status,
      String name,
      List<String> classes,
      int trainSize,
      int validSize,
      List<Integer> imageShape)
      implements DownloadEventData {}

  /** The {@code failed} event: the download failed. Always the last event. */
  @Schema(
      name = "DownloadFailedEvent",
      description = "The download failed (event `failed`, the last one)")
  record Failed(@Schema(description = "Always `failed`") String status, String reason)
      implements DownloadEventData {

    Failed(String reason) {
      this("failed", reason);
    }
  }
}

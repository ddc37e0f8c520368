package dev.residual.datasets.download;

import dev.residual.system.InvalidRequestException;
import dev.residual.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Starts downloads of built-in datasets and streams their progress. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets")
class DatasetDownloadController {

  private final DownloadJobs downloads;

  DatasetDownloadController(DownloadJobs downloads) {
    this.downloads = downloads;
  }

  static String eventsPath(String name) {
    return "/api/v1/datasets/" + name + "/download/events";
  }

  @PostMapping("/{name}/download")
  @Operation(
      operationId = "startDatasetDownload",
      summary = "Download a built-in dataset",
      description =
          "Starts a background job (or returns the running one) that downloads the dataset from"
              + " its allow-listed host, verifies its checksum and, for Imagenette and Imagewoof,"
              + " extracts, decodes and registers it. Follow it at the `events` URL.")
  @ApiResponse(responseCode = "202", description = "Started or already running")
  @ApiResponse(responseCode = "200", description = "Already available: nothing to do")
  @ApiResponse(responseCode = "404", description = "Not a built-in dataset")
  @ApiResponse(responseCode = "409", description = "Downloads are disabled")
  @ApiResponse(responseCode = "503", description = "Too many downloads queued")
  ResponseEntity<Map<String, Object>> start(@PathVariable("name") String name) {
    Optional<DownloadJob> job = downloads.start(name);
    if (job.isEmpty()) {
      return ResponseEntity.ok(Map.of("name", name, "status", "available"));
    }
    return ResponseEntity.accepted().location(URI.create(eventsPath(name))).body(job.get().view());
  }

  @GetMapping("/{name}/download")
  @Operation(
      operationId = "getDatasetDownload",
      summary = "The state of a dataset's last download",
      description =
          "The download job and its last event; 404 when none ran since the server started.")
  @ApiResponse(responseCode = "200", description = "The job and its last event")
  @ApiResponse(responseCode = "404", description = "No download started since the server started")
  Map<String, Object> status(@PathVariable("name") String name) {
    return downloads
        .find(name)
        .orElseThrow(() -> new NotFoundException("download of dataset", name))
        .view();
  }

  @GetMapping(path = "/{name}/download/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "streamDatasetDownloadEvents",
      summary = "Follow a download (server-sent events)",
      description =
          "Replays the job's events, then sends new ones: `phase` {phase: queued, downloading,"
              + " verifying, extracting, decoding, registering}, `progress` {file, bytes, total,"
              + " percent, bytesPerSecond, etaSeconds}, `decode` {images, total, percent}, and"
              + " last `done` {status, name, classes, trainSize, validSize, imageShape} or"
              + " `failed` {status, reason}. Resume with `Last-Event-ID`; `:heartbeat` comments"
              + " every 15 s.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string"))),
        @ApiResponse(
            responseCode = "404",
            description = "No download of this dataset",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<SseEmitter> events(
      @PathVariable("name") String name,
      @RequestHeader(name = "Last-Event-ID", required = false)
          @Parameter(description = "Send only events with a greater id")
          String lastEventId) {
    long after = 0;
    if (lastEventId != null && !lastEventId.isBlank()) {
      try {
        after = Long.parseLong(lastEventId.trim());
      } catch (NumberFormatException e) {
        throw InvalidRequestException.field("Last-Event-ID", "must be an event id");
      }
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noCache())
        .header("X-Accel-Buffering", "no")
        .body(downloads.stream(name, after));
  }
}

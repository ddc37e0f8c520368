package dev.residual.datasets.download;

import dev.residual.streaming.EventStreams;
import dev.residual.streaming.LastEventId;
import dev.residual.streaming.SseResponses;
import dev.residual.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Starts downloads of built-in datasets and streams their progress. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets")
class DatasetDownloadController {

  private static final String PROBLEM = "application/problem+json";

  private final DownloadJobs downloads;
  private final EventStreams streams;
  private final DownloadFeed feed;

  DatasetDownloadController(DownloadJobs downloads, EventStreams streams, DownloadFeed feed) {
    this.downloads = downloads;
    this.streams = streams;
    this.feed = feed;
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
  ResponseEntity<DatasetDownload> start(@PathVariable("name") String name) {
    Optional<DownloadJob> job = downloads.start(name);
    if (job.isEmpty()) {
      return ResponseEntity.ok(DatasetDownload.available(name));
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
  DatasetDownload status(@PathVariable("name") String name) {
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
          "Replays the job's events, then sends new ones as they happen. Each event has `id`"
              + " (resume with the `Last-Event-ID` header), `event` (its type) and JSON `data`:\n\n"
              + "- `phase`: DownloadPhaseEvent (queued, downloading, verifying, extracting,"
              + " decoding, registering)\n"
              + "- `progress`: DownloadProgressEvent\n"
              + "- `decode`: DownloadDecodeEvent\n"
              + "- `done`: DownloadDoneEvent, or `failed`: DownloadFailedEvent, last\n\n"
              + "The media type's `x-event-data` maps each event type to its schema. The stream"
              + " ends after `done` or `failed`. Streams share the limits of every event stream:"
              + " `:heartbeat` comments every 15 s, closed after 30 minutes (the defaults), and"
              + " a cap on open streams overall and per client.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema =
                        @Schema(
                            type = "string",
                            description =
                                "Server-sent events: `id`, `event` (the type) and `data`, the JSON"
                                    + " of the type's schema"))),
        @ApiResponse(
            responseCode = "400",
            description = "The Last-Event-ID is malformed",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "404",
            description = "No download of this dataset",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "503",
            description = "Too many open streams; retry after Retry-After seconds",
            content = @Content(mediaType = PROBLEM))
      })
  ResponseEntity<SseEmitter> events(
      @PathVariable("name") String name,
      @RequestHeader(name = LastEventId.HEADER, required = false)
          @Parameter(description = "Send only events with a greater id")
          String lastEventIdHeader,
      @RequestParam(name = LastEventId.PARAMETER, required = false)
          @Parameter(description = "For clients that cannot set headers; the header wins")
          String lastEventIdParam,
      HttpServletRequest request) {
    long after = LastEventId.resolve(lastEventIdHeader, lastEventIdParam);
    return SseResponses.ok(streams.open(feed, name, after, request.getRemoteAddr()));
  }
}

package dev.residual.training;

import dev.residual.streaming.EventStreams;
import dev.residual.streaming.LastEventId;
import dev.residual.streaming.SseResponses;
import dev.residual.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live feed of one job: stored events first, then new ones as they are appended. */
@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = "Training jobs")
class JobEventsController {

  private static final String PROBLEM = "application/problem+json";

  private final EventStreams streams;
  private final JobEventFeed feed;

  JobEventsController(EventStreams streams, JobEventFeed feed) {
    this.streams = streams;
    this.feed = feed;
  }

  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "streamTrainingJobEvents",
      summary = "Follow a training job's events (server-sent events)",
      description =
          "Replays the job's stored events, then sends new ones as they happen. Each event has"
              + " `id` (resume with the `Last-Event-ID` header), `event` (its type) and JSON"
              + " `data`:\n\n"
              + "- `status`: JobStatusEvent\n"
              + "- `batch`: BatchEvent\n"
              + "- `epoch`: EpochMetrics\n"
              + "- `checkpoint`: CheckpointEvent\n"
              + "- `done`: TrainingDoneEvent; with publishAs it names the published model version,"
              + " which exists (and, as a model's first version, serves) when `done` is sent\n\n"
              + "An LR-finder job (kind `lr-finder`) sends `status`, `batch` (its iteration as"
              + " `batch`, its length as `batches`) and `done`: LrFinderDoneEvent. The media"
              + " type's `x-event-data` maps each job kind's event types to these schemas.\n\n"
              + "`done` is the last event: the stream then ends, and a client that connects after"
              + " the job ended gets the history and the end at once. Close an EventSource on"
              + " `done`, as browsers reconnect to a stream that ended. Streams carry a"
              + " `:heartbeat` comment every 15 s and close after 30 minutes (the defaults);"
              + " reconnect with `Last-Event-ID` to continue.",
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
            description = "The id or Last-Event-ID is malformed",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "404",
            description = "No such training job",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "503",
            description = "Too many open streams; retry after Retry-After seconds",
            content = @Content(mediaType = PROBLEM))
      })
  ResponseEntity<SseEmitter> events(
      @PathVariable("id")
          @Parameter(description = "Training job id", schema = @Schema(format = "uuid"))
          String id,
      @RequestHeader(name = LastEventId.HEADER, required = false)
          @Parameter(description = "Send only events with a greater id")
          String lastEventIdHeader,
      @RequestParam(name = LastEventId.PARAMETER, required = false)
          @Parameter(description = "For clients that cannot set headers; the header wins")
          String lastEventIdParam,
      HttpServletRequest request) {
    String jobId = canonicalJobId(id);
    long after = LastEventId.resolve(lastEventIdHeader, lastEventIdParam);
    return SseResponses.ok(streams.open(feed, jobId, after, request.getRemoteAddr()));
  }

  static String canonicalJobId(String id) {
    return JobId.parse(id)
        .orElseThrow(() -> InvalidRequestException.field("id", "must be a UUID"))
        .toString();
  }
}

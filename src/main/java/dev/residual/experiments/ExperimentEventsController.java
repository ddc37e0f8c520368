package dev.residual.experiments;

import dev.residual.streaming.EventStreams;
import dev.residual.streaming.LastEventId;
import dev.residual.streaming.SseResponses;
import dev.residual.system.InvalidRequestException;
import dev.residual.training.JobId;
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

/** The live feed of an experiment: its jobs' stored events first, then new ones, then done. */
@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments")
class ExperimentEventsController {

  private static final String PROBLEM = "application/problem+json";

  private final EventStreams streams;
  private final ExperimentEventFeed feed;

  ExperimentEventsController(EventStreams streams, ExperimentEventFeed feed) {
    this.streams = streams;
    this.feed = feed;
  }

  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "streamExperimentEvents",
      summary = "Follow an experiment's jobs (server-sent events)",
      description =
          "Replays the stored events of every job of the experiment, then sends new ones as they"
              + " happen, in the order they were stored:\n\n"
              + "- `status` {jobId, variant, seed, status; instance when RUNNING}\n"
              + "- `epoch` {jobId, variant, seed, epoch, trainLoss, validLoss, top1, top5, seconds,"
              + " imagesPerSecond}\n"
              + "- `done` {status, jobs, succeeded, failed, cancelled} once every job has ended;"
              + " the stream then ends.\n\n"
              + "Replay, `Last-Event-ID`, heartbeats and time-outs are those of a training job's"
              + " stream.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string"))),
        @ApiResponse(
            responseCode = "400",
            description = "The id or Last-Event-ID is malformed",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "404",
            description = "No such experiment",
            content = @Content(mediaType = PROBLEM)),
        @ApiResponse(
            responseCode = "503",
            description = "Too many open streams; retry after Retry-After seconds",
            content = @Content(mediaType = PROBLEM))
      })
  ResponseEntity<SseEmitter> events(
      @PathVariable("id") @Parameter(description = "Experiment id (UUID)") String id,
      @RequestHeader(name = LastEventId.HEADER, required = false)
          @Parameter(description = "Send only events with a greater id")
          String lastEventIdHeader,
      @RequestParam(name = LastEventId.PARAMETER, required = false)
          @Parameter(description = "For clients that cannot set headers; the header wins")
          String lastEventIdParam,
      HttpServletRequest request) {
    // Experiment ids are UUIDs, canonical the way job ids are.
    String experimentId =
        JobId.parse(id)
            .orElseThrow(() -> InvalidRequestException.field("id", "must be a UUID"))
            .toString();
    long after = LastEventId.resolve(lastEventIdHeader, lastEventIdParam);
    return SseResponses.ok(streams.open(feed, experimentId, after, request.getRemoteAddr()));
  }
}

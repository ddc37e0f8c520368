package dev.residual.checkpoints;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkpoints over HTTP. Ids are bound as {@link UUID}s, so anything else (including {@code ../} in
 * any encoding) is a 400 before it can come near the file system.
 */
@RestController
@RequestMapping("/api/v1/checkpoints")
@Tag(
    name = "Checkpoints",
    description = "Self-describing model checkpoints written by training jobs")
class CheckpointController {

  static final MediaType APPLICATION_ZIP = MediaType.parseMediaType("application/zip");

  private final CheckpointStore store;
  private final OnnxExports onnx;

  CheckpointController(CheckpointStore store, OnnxExports onnx) {
    this.store = store;
    this.onnx = onnx;
  }

  @GetMapping
  @Operation(
      operationId = "listCheckpoints",
      summary = "List checkpoints",
      description = "Newest first; with jobId, that job's checkpoints by descending epoch.")
  List<CheckpointSummary> list(
      @RequestParam(required = false) @Parameter(description = "Only this job's")
          @Nullable UUID jobId,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    List<Checkpoint> found = jobId == null ? store.findRecent(limit) : store.findByJob(jobId);
    return found.stream().limit(limit).map(CheckpointSummary::of).toList();
  }

  @GetMapping("/{id}")
  @Operation(
      operationId = "getCheckpoint",
      summary = "Get a checkpoint with its metadata",
      description = "Architecture, classes, input shape, normalisation, metrics and versions.")
  Checkpoint get(@PathVariable UUID id) {
    return store.find(id);
  }

  @GetMapping("/{id}/download")
  @Operation(
      operationId = "downloadCheckpoint",
      summary = "Download a checkpoint archive",
      description =
          "The zip (metadata.json, model.params, optimizer.bin), verified against its SHA-256"
              + " before it is sent; the digest is in the Repr-Digest header.")
  @ApiResponse(
      responseCode = "200",
      description = "The archive",
      content =
          @Content(
              mediaType = "application/zip",
              schema = @Schema(type = "string", format = "binary")))
  void download(@PathVariable UUID id, HttpServletResponse response) throws IOException {
    CheckpointStore.ArchiveStream archive = store.openArchive(id);
    try (InputStream in = archive.stream()) {
      String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(archive.sha256()));
      response.setContentType(APPLICATION_ZIP.toString());
      response.setContentLengthLong(archive.sizeBytes());
      response.setHeader(
          HttpHeaders.CONTENT_DISPOSITION,
          ContentDisposition.attachment()
              .filename("checkpoint-" + archive.id() + ".zip")
              .build()
              .toString());
      response.setHeader(HttpHeaders.ETAG, "\"" + archive.sha256() + "\"");
      response.setHeader("Repr-Digest", "sha-256=:" + digest + ":");
      // Copied on the request thread like a static file: a Resource body would advertise byte
      // ranges this one-pass stream cannot serve, and an async body would hit the async timeout
      // in the middle of a large download.
      in.transferTo(response.getOutputStream());
    }
  }

  @GetMapping("/{id}/onnx")
  @Operation(
      summary = "Export a checkpoint as ONNX",
      description =
          "An .onnx model (IR 8, opset 17) generated from the checkpoint's architecture and"
              + " parameters: input 'input' [batch, channels, height, width] float32, normalised as"
              + " the metadata says; output 'logits' [batch, classes]. Classes, normalisation,"
              + " input shape, architecture, checkpoint id and Residual's version are in"
              + " metadata_props.")
  @ApiResponse(
      responseCode = "200",
      description = "The ONNX model",
      content = @Content(mediaType = "application/octet-stream"))
  ResponseEntity<byte[]> exportOnnx(@PathVariable UUID id) {
    return onnx.export(id).download();
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteCheckpoint",
      summary = "Delete a checkpoint",
      description = "409 while a model version uses it.")
  void delete(@PathVariable UUID id) {
    store.delete(id);
  }

  /** One entry of the list: the row and its metrics, without the full metadata. */
  record CheckpointSummary(
      UUID id,
      @Nullable UUID jobId,
      int epoch,
      String sha256,
      long sizeBytes,
      @Nullable Double top1,
      Map<String, Double> metrics,
      Instant createdAt) {

    static CheckpointSummary of(Checkpoint c) {
      return new CheckpointSummary(
          c.id(),
          c.jobId(),
          c.epoch(),
          c.sha256(),
          c.sizeBytes(),
          c.top1(),
          c.metadata().metrics(),
          c.createdAt());
    }
  }
}

package dev.residual.datasets.upload;

import dev.residual.datasets.DatasetController;
import dev.residual.datasets.DatasetResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Uploads of dataset archives, as {@code multipart/form-data} or as the raw request body. Both are
 * streamed to disk and never held in memory.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets")
class DatasetUploadController {

  static final String DESCRIPTION =
      " The archive (.zip, .tar, .tar.gz or .tgz, recognised by content) is extracted safely:"
          + " entries with '..', absolute paths or drive letters, links, duplicates, too many"
          + " entries, entries over 64 MiB and bomb-like compression ratios are refused with the"
          + " reason. Layouts: train/<class>/ with val/, valid/ or test/<class>/, or <class>/ with"
          + " a seeded 20% validation split. JPEG and PNG files are images (and must really be"
          + " so); other files are skipped and counted. Every image is decoded once into the"
          + " cache before the answer.";

  private final DatasetUploads uploads;

  DatasetUploadController(DatasetUploads uploads) {
    this.uploads = uploads;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      operationId = "uploadDataset",
      summary = "Upload an image archive",
      description =
          "Form fields: `name`, then `archive` (the file)."
              + DESCRIPTION
              + " The same URL also takes the archive as a raw body (`application/zip`,"
              + " `application/gzip`, `application/x-tar` or `application/octet-stream`, with the"
              + " name as query parameter `name`: curl --data-binary), and registers a folder on"
              + " the server from `application/json` {\"name\", \"path\"} (under"
              + " residual.datasets.roots; same layouts). This contract shows the multipart form"
              + " alone, as generated clients handle one request media type per operation.",
      requestBody =
          @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                      schema = @Schema(implementation = ArchiveForm.class))))
  @ApiResponse(responseCode = "201", description = "Registered")
  @ApiResponse(responseCode = "400", description = "Unsafe or malformed archive, bad image")
  @ApiResponse(responseCode = "409", description = "The name is taken")
  @ApiResponse(responseCode = "413", description = "Over a size or count limit")
  ResponseEntity<DatasetResponse> uploadMultipart(HttpServletRequest request) throws IOException {
    return DatasetController.created(uploads.fromMultipart(request));
  }

  @PostMapping(
      consumes = {
        "application/zip",
        "application/x-tar",
        "application/gzip",
        "application/x-gzip",
        "application/x-compressed-tar",
        MediaType.APPLICATION_OCTET_STREAM_VALUE
      })
  @Operation(
      hidden = true,
      summary = "Upload an image archive (raw body)",
      description =
          "The request body is the archive; the name is a query parameter. Suits curl"
              + " --data-binary @imagenette2-160.tgz."
              + DESCRIPTION,
      requestBody =
          @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                      schema = @Schema(type = "string", format = "binary"))))
  @ApiResponse(responseCode = "201", description = "Registered")
  @ApiResponse(responseCode = "400", description = "Unsafe or malformed archive, bad image")
  @ApiResponse(responseCode = "409", description = "The name is taken")
  @ApiResponse(responseCode = "413", description = "Over a size or count limit")
  ResponseEntity<DatasetResponse> uploadBody(
      @RequestParam("name")
          @Parameter(description = "Dataset name; with a raw archive body only", required = false)
          String name,
      @RequestParam(name = "filename", required = false)
          @Parameter(description = "The archive's file name, for the record")
          String fileName,
      HttpServletRequest request)
      throws IOException {
    return DatasetController.created(
        uploads.fromBody(name, fileName, request.getInputStream(), request.getContentLengthLong()));
  }

  /** The multipart form, as the contract describes it: the name first, then the archive. */
  @Schema(
      name = "DatasetUpload",
      requiredProperties = {"name", "archive"})
  record ArchiveForm(
      @Schema(description = "Dataset name", example = "imagenette-small") String name,
      @Schema(
              type = "string",
              format = "binary",
              description = "The archive: .zip, .tar, .tar.gz or .tgz")
          String archive) {}
}

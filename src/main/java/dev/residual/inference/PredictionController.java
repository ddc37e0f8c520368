package dev.residual.inference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Top-k predictions for uploaded images, from a model's active version, a given version, or any
 * checkpoint. Each endpoint takes multipart fields {@code image} / {@code images} or a raw PNG or
 * JPEG body.
 */
@RestController
@Tag(name = "Predictions", description = "The most probable classes of images")
class PredictionController {

  static final String DESCRIPTION =
      "Send one image as multipart field `image`, or up to 64 as repeated field `images`. The"
          + " service also takes one image as a raw `image/png` or `image/jpeg` body (curl"
          + " --data-binary), left out of this contract so that generated clients send multipart,"
          + " the form they encode correctly. Each image is converted to the trained"
          + " channels, resized on its shorter side and centre-cropped to the trained size, and"
          + " normalised as in training. Errors: 400 unreadable or truncated image, 404 unknown"
          + " model, 409 no active version, 413 image over 10 MiB or over 89,478,485 pixels, 415"
          + " not PNG or JPEG, 503 queue full or timed out (with Retry-After).";

  private final PredictionService service;

  PredictionController(PredictionService service) {
    this.service = service;
  }

  @PostMapping(
      path = "/api/v1/models/{name}/predictions",
      consumes = {
        MediaType.MULTIPART_FORM_DATA_VALUE,
        MediaType.IMAGE_PNG_VALUE,
        MediaType.IMAGE_JPEG_VALUE
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "predictWithModel",
      summary = "Predict with a model's active version",
      description = DESCRIPTION,
      requestBody =
          @RequestBody(
              required = true,
              content = {
                @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(implementation = ImageForm.class),
                    encoding = @Encoding(name = "images", contentType = "image/png, image/jpeg"))
              }))
  PredictionResponse predictWithModel(
      @PathVariable String name,
      @Parameter(hidden = true) ImageUpload.Batch images,
      @RequestParam(defaultValue = "5")
          @Min(1)
          @Parameter(description = "Classes per image; at most all")
          int topK,
      @RequestParam(defaultValue = "false") @Parameter(description = "Average in the mirror image")
          boolean tta) {
    return service.predictActive(name, images, topK, tta);
  }

  @PostMapping(
      path = "/api/v1/models/{name}/versions/{version}/predictions",
      consumes = {
        MediaType.MULTIPART_FORM_DATA_VALUE,
        MediaType.IMAGE_PNG_VALUE,
        MediaType.IMAGE_JPEG_VALUE
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "predictWithModelVersion",
      summary = "Predict with a given version of a model, active or not",
      description = DESCRIPTION,
      requestBody =
          @RequestBody(
              required = true,
              content = {
                @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(implementation = ImageForm.class),
                    encoding = @Encoding(name = "images", contentType = "image/png, image/jpeg"))
              }))
  PredictionResponse predictWithModelVersion(
      @PathVariable String name,
      @PathVariable int version,
      @Parameter(hidden = true) ImageUpload.Batch images,
      @RequestParam(defaultValue = "5")
          @Min(1)
          @Parameter(description = "Classes per image; at most all")
          int topK,
      @RequestParam(defaultValue = "false") @Parameter(description = "Average in the mirror image")
          boolean tta) {
    return service.predictVersion(name, version, images, topK, tta);
  }

  @PostMapping(
      path = "/api/v1/checkpoints/{id}/predictions",
      consumes = {
        MediaType.MULTIPART_FORM_DATA_VALUE,
        MediaType.IMAGE_PNG_VALUE,
        MediaType.IMAGE_JPEG_VALUE
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "predictWithCheckpoint",
      summary = "Predict with any checkpoint",
      description =
          DESCRIPTION + " The checkpoint is loaded on first use and kept while it is used.",
      requestBody =
          @RequestBody(
              required = true,
              content = {
                @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(implementation = ImageForm.class),
                    encoding = @Encoding(name = "images", contentType = "image/png, image/jpeg"))
              }))
  PredictionResponse predictWithCheckpoint(
      @PathVariable UUID id,
      @Parameter(hidden = true) ImageUpload.Batch images,
      @RequestParam(defaultValue = "5")
          @Min(1)
          @Parameter(description = "Classes per image; at most all")
          int topK,
      @RequestParam(defaultValue = "false") @Parameter(description = "Average in the mirror image")
          boolean tta) {
    return service.predictCheckpoint(id, images, topK, tta);
  }

  /** The multipart form as Swagger UI shows it: a file picker per field. */
  @Schema(name = "ImageUpload")
  record ImageForm(
      @Schema(type = "string", format = "binary", description = "One PNG or JPEG image")
          String image,
      @ArraySchema(
              schema = @Schema(type = "string", format = "binary"),
              maxItems = 64,
              arraySchema = @Schema(description = "Up to 64 PNG or JPEG images"))
          List<String> images) {}
}

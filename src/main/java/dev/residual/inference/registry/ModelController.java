package dev.residual.inference.registry;

import dev.residual.checkpoints.OnnxExports;
import dev.residual.inference.registry.ModelViews.CreateVersion;
import dev.residual.inference.registry.ModelViews.ModelDetails;
import dev.residual.inference.registry.ModelViews.ModelSummary;
import dev.residual.inference.registry.ModelViews.VersionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The model registry: named models, their versions, and which version serves. */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Named, versioned models served from checkpoints")
class ModelController {

  private final ModelRegistry registry;
  private final OnnxExports onnx;

  ModelController(ModelRegistry registry, OnnxExports onnx) {
    this.registry = registry;
    this.onnx = onnx;
  }

  @PostMapping
  @Operation(
      operationId = "createModelVersion",
      summary = "Add a checkpoint as a model's next version",
      description =
          "Creates the model with version 1, or adds version n+1. A model's first version is"
              + " loaded and activated at once unless activate is false; later versions wait for"
              + " an activation unless activate is true.")
  @ApiResponse(responseCode = "201", description = "The new version")
  ResponseEntity<VersionView> create(@Valid @RequestBody CreateVersion request) {
    VersionView version =
        registry.create(request.name(), request.checkpointId(), request.activate());
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{name}/versions/{version}")
            .buildAndExpand(version.model(), version.version())
            .toUri();
    return ResponseEntity.created(location).body(version);
  }

  @GetMapping
  @Operation(
      operationId = "listModels",
      summary = "List models",
      description = "Each model with its active version and its number of versions.")
  List<ModelSummary> list() {
    return registry.list();
  }

  @GetMapping("/{name}")
  @Operation(
      operationId = "getModel",
      summary = "A model: versions, active version, classes, input shape",
      description = "Each version names its checkpoint, the job that trained it and its metrics.")
  ModelDetails get(@PathVariable String name) {
    return registry.get(name);
  }

  @GetMapping("/{name}/versions/{version}")
  @Operation(
      operationId = "getModelVersion",
      summary = "One version of a model",
      description = "Its checkpoint, the job that trained it, its metrics and whether it serves.")
  VersionView getVersion(@PathVariable String name, @PathVariable int version) {
    return registry.version(name, version);
  }

  @GetMapping("/{name}/versions/{version}/onnx")
  @Operation(
      summary = "Export a version as ONNX",
      description =
          "The version's checkpoint as an .onnx model, exactly as GET"
              + " /api/v1/checkpoints/{id}/onnx exports it.")
  @ApiResponse(
      responseCode = "200",
      description = "The ONNX model",
      content = @Content(mediaType = "application/octet-stream"))
  ResponseEntity<byte[]> exportVersionOnnx(@PathVariable String name, @PathVariable int version) {
    return onnx.export(registry.version(name, version).checkpointId()).download();
  }

  @PostMapping("/{name}/versions/{version}/activate")
  @Operation(
      operationId = "activateModelVersion",
      summary = "Serve a version (roll forward or back)",
      description =
          "Loads and warms up the version, then switches to it; requests in flight finish on the"
              + " old version, which is closed once they have. Answers when the switch is done.")
  ModelDetails activate(@PathVariable String name, @PathVariable int version) {
    return registry.activate(name, version);
  }

  @DeleteMapping("/{name}/versions/{version}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteModelVersion",
      summary = "Delete a version",
      description = "409 for the active version.")
  void deleteVersion(@PathVariable String name, @PathVariable int version) {
    registry.deleteVersion(name, version);
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteModel",
      summary = "Delete a model with all its versions",
      description = "Its checkpoints stay; requests in flight finish first.")
  void delete(@PathVariable String name) {
    registry.deleteModel(name);
  }
}

package dev.residual.datasets;

import dev.residual.datasets.upload.DatasetUploads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists, describes, deletes datasets, and registers server folders as datasets. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Built-in, downloadable and uploaded image datasets")
public class DatasetController {

  private final DatasetCatalog catalog;
  private final DatasetUploads uploads;
  private final DatasetDeletion deletion;

  DatasetController(DatasetCatalog catalog, DatasetUploads uploads, DatasetDeletion deletion) {
    this.catalog = catalog;
    this.uploads = uploads;
    this.deletion = deletion;
  }

  @GetMapping
  @Operation(
      operationId = "listDatasets",
      summary = "List datasets",
      description =
          "The built-in IDX datasets, the downloadable archives (Imagenette, Imagewoof) and the"
              + " registered image folders, with classes, split sizes and status: available,"
              + " downloadable, downloading or missing.")
  @ApiResponse(responseCode = "200", description = "The datasets, in a fixed order")
  List<DatasetResponse> list() {
    return catalog.list().stream().map(DatasetResponse::from).toList();
  }

  @GetMapping("/{name}")
  @Operation(
      operationId = "getDataset",
      summary = "Describe one dataset",
      description = "Its classes, split sizes, image shape, normalisation and status.")
  @ApiResponse(responseCode = "200", description = "The dataset")
  @ApiResponse(responseCode = "404", description = "No such dataset")
  DatasetResponse get(@PathVariable("name") String name) {
    return DatasetResponse.from(catalog.describe(name));
  }

  @DeleteMapping("/{name}")
  @Operation(
      operationId = "deleteDataset",
      summary = "Delete a registered dataset",
      description =
          "Removes the registry row, the extracted images and the cache; a server folder's own"
              + " files are kept. Built-in datasets cannot be deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "404", description = "No such dataset")
  @ApiResponse(
      responseCode = "409",
      description = "Built in, being downloaded, or used by a queued or running job")
  ResponseEntity<Void> delete(@PathVariable("name") String name) throws IOException {
    deletion.delete(name);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  // Documented as part of uploadDataset: an operation with two request media types generates
  // clients that do not compile.
  @Operation(
      hidden = true,
      summary = "Register a folder on the server",
      description =
          "The folder must be under residual.datasets.roots (after resolving links). Layouts:"
              + " train/<class>/ with val/, valid/ or test/<class>/, or <class>/ with a seeded 20%"
              + " validation split. Every image is decoded once into the cache before the answer.")
  @ApiResponse(responseCode = "201", description = "Registered")
  @ApiResponse(responseCode = "400", description = "Bad name, path, layout or image")
  @ApiResponse(responseCode = "403", description = "Not under the configured roots")
  @ApiResponse(responseCode = "409", description = "The name is taken")
  ResponseEntity<DatasetResponse> registerFolder(@RequestBody FolderRequest request)
      throws IOException {
    return created(uploads.fromServerFolder(request.name(), request.path()));
  }

  public static ResponseEntity<DatasetResponse> created(DatasetSummary summary) {
    return ResponseEntity.created(URI.create("/api/v1/datasets/" + summary.name()))
        .body(DatasetResponse.from(summary));
  }

  /** A server folder to register. */
  record FolderRequest(String name, String path) {}
}

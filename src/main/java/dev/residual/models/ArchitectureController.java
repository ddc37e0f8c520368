package dev.residual.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What networks Residual can build, and what any of them looks like layer by layer. */
@RestController
@RequestMapping("/api/v1/architectures")
@Tag(name = "Architectures", description = "The ResNets of fastbook chapter 14")
class ArchitectureController {

  private final ArchitectureCatalog catalog;
  private final ArchitectureResolver resolver;

  ArchitectureController(ArchitectureCatalog catalog, ArchitectureResolver resolver) {
    this.catalog = catalog;
    this.resolver = resolver;
  }

  @GetMapping
  @Operation(
      operationId = "listArchitectures",
      summary = "List the named architectures",
      description =
          "Block type, blocks per stage and parameter count for 3 input channels and 1000 classes.")
  List<ArchitectureCatalog.NamedArchitecture> list() {
    return catalog.named();
  }

  @PostMapping("/summary")
  @Operation(
      operationId = "summarizeArchitecture",
      summary = "Summarise an architecture for an input shape",
      description =
          "Per layer its name, output shape and parameter count; totals of parameters and"
              + " multiply-accumulates, like fastai's learn.summary().")
  ModelSummary summary(@Valid @RequestBody SummaryRequest request) {
    ArchitectureSpec spec = resolver.resolve(request.architecture());
    List<Integer> shape = request.inputShape();
    return catalog.summarize(spec, shape.get(0), shape.get(1), shape.get(2), request.numClasses());
  }

  /** Body of {@code POST /api/v1/architectures/summary}. */
  record SummaryRequest(
      @NotNull @Schema(ref = ArchitectureSchema.REF) Object architecture,
      @NotNull
          @Size(min = 3, max = 3)
          @Schema(description = "[channels, height, width]", example = "[3, 224, 224]")
          List<@NotNull @Min(1) @Max(4096) Integer> inputShape,
      @NotNull @Min(1) @Max(100_000) @Schema(example = "1000") Integer numClasses) {}
}

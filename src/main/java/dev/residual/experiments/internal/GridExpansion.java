package dev.residual.experiments.internal;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.experiments.ExperimentDefinition;
import dev.residual.experiments.ExperimentProperties;
import dev.residual.experiments.ExperimentRequest;
import dev.residual.experiments.ExperimentVariant;
import dev.residual.experiments.Metric;
import dev.residual.system.ApiException;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request into a checked {@link ExperimentDefinition} and its cells. Everything that could
 * make one of its jobs a 400 is found here, before anything is queued: an error names the variant
 * and the field, e.g. {@code variants[flatten].architecture.blocks}.
 */
@Component
public class GridExpansion {

  static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

  private final Presets presets;
  private final DatasetCatalog datasets;
  private final TrainingJobService trainingJobs;
  private final ExperimentProperties properties;
  private final JsonMapper json;

  GridExpansion(
      Presets presets,
      DatasetCatalog datasets,
      TrainingJobService trainingJobs,
      ExperimentProperties properties,
      JsonMapper json) {
    this.presets = presets;
    this.datasets = datasets;
    this.trainingJobs = trainingJobs;
    this.properties = properties;
    this.json = json;
  }

  /** One job of the grid. */
  public record Cell(String variant, long seed, TrainingJobRequest request) {}

  /**
   * The definition the request stands for, with every variant checked as a job request.
   *
   * @throws ApiException 400 naming the field (and the variant) at fault
   */
  public ExperimentDefinition define(ExperimentRequest request) {
    ExperimentDefinition definition =
        request.preset() != null ? fromPreset(request) : fromVariants(request);
    check(definition);
    return definition;
  }

  /** The cells of a checked definition: every variant with every seed, in that order. */
  public List<Cell> cells(ExperimentDefinition definition) {
    List<Cell> cells = new ArrayList<>();
    for (ExperimentVariant variant : definition.variants()) {
      for (long seed : definition.seeds()) {
        cells.add(
            new Cell(variant.name(), seed, merge(definition.base(), variant.overrides(), seed)));
      }
    }
    return cells;
  }

  private ExperimentDefinition fromPreset(ExperimentRequest request) {
    if (request.variants() != null) {
      throw ApiException.invalidField("variants", "give either a preset or variants, not both");
    }
    Presets.Preset preset =
        presets
            .find(request.preset())
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "preset",
                        "unknown preset '"
                            + request.preset()
                            + "'; see GET /api/v1/experiments/presets"));
    String dataset = preset.dataset(request.dataset());
    int epochs = request.epochs() != null ? request.epochs() : preset.epochs();
    PresetPlan plan = preset.expand(dataset, imageSide(dataset), epochs, template(request.base()));
    TrainingJobRequest base = overlay(plan.base(), request.base());
    base =
        overlay(
            base, fields(json.createObjectNode().put("dataset", dataset).put("epochs", epochs)));
    return new ExperimentDefinition(
        request.name() != null ? request.name() : preset.name(),
        preset.name(),
        base,
        plan.variants(),
        request.seeds() != null ? request.seeds() : plan.seeds(),
        request.evaluateAtImageSize() != null
            ? request.evaluateAtImageSize()
            : plan.evaluateAtImageSize(),
        plan.headline());
  }

  private ExperimentDefinition fromVariants(ExperimentRequest request) {
    if (request.base() == null) {
      throw ApiException.invalidField("base", "is required unless a preset is given");
    }
    if (request.variants() == null || request.variants().isEmpty()) {
      throw ApiException.invalidField(
          "variants", "must name at least one variant (or give a preset)");
    }
    ObjectNode top = json.createObjectNode();
    if (request.dataset() != null) {
      top.put("dataset", request.dataset());
    }
    if (request.epochs() != null) {
      top.put("epochs", request.epochs());
    }
    return new ExperimentDefinition(
        request.name() != null ? request.name() : "experiment",
        null,
        overlay(request.base(), fields(top)),
        request.variants(),
        request.seeds() != null ? request.seeds() : DEFAULT_SEEDS,
        request.evaluateAtImageSize(),
        List.of(Metric.BEST_TOP1, Metric.LAST_TRAIN_LOSS));
  }

  private void check(ExperimentDefinition definition) {
    if (definition.base().seed() != null) {
      throw ApiException.invalidField("base.seed", "seeds come from the experiment's 'seeds'");
    }
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < definition.seeds().size(); i++) {
      if (!seeds.add(definition.seeds().get(i))) {
        throw ApiException.invalidField(
            "seeds[" + i + "]", "duplicate seed " + definition.seeds().get(i));
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < definition.variants().size(); i++) {
      ExperimentVariant variant = definition.variants().get(i);
      if (!names.add(variant.name())) {
        throw ApiException.invalidField(
            "variants[" + i + "].name", "duplicate variant name '" + variant.name() + "'");
      }
      if (variant.overrides() != null && variant.overrides().seed() != null) {
        throw ApiException.invalidField(
            "variants[" + variant.name() + "].seed", "seeds come from the experiment's 'seeds'");
      }
    }
    int jobs = definition.jobCount();
    if (jobs > properties.maxJobs()) {
      throw ApiException.invalidField(
          definition.preset() != null ? "seeds" : "variants",
          definition.variants().size()
              + " variants × "
              + definition.seeds().size()
              + " seeds make "
              + jobs
              + " jobs, more than the "
              + properties.maxJobs()
              + " an experiment may have (residual.experiments.max-jobs)");
    }
    long seed = definition.seeds().get(0);
    for (ExperimentVariant variant : definition.variants()) {
      try {
        trainingJobs.validate(merge(definition.base(), variant.overrides(), seed));
      } catch (ApiException e) {
        throw inVariant(variant.name(), e);
      }
    }
  }

  /** The same 400 with every field prefixed by {@code variants[name].}. */
  private static ApiException inVariant(String variant, ApiException e) {
    if (e.status() != HttpStatus.BAD_REQUEST) {
      return e;
    }
    String prefix = "variants[" + variant + "]";
    Map<String, String> fields = new LinkedHashMap<>();
    e.fieldErrors().forEach((field, message) -> fields.put(prefix + "." + field, message));
    if (fields.isEmpty()) {
      fields.put(prefix, e.getMessage());
    }
    ApiException named = ApiException.invalidFields(fields);
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "Invalid variant",
        "Variant '" + variant + "' would not be a valid job: " + named.getMessage(),
        fields);
  }

  /** {@code base} with every field {@code top} sets replaced (whole fields, not merged into). */
  private TrainingJobRequest overlay(TrainingJobRequest base, TrainingJobRequest top) {
    ObjectNode merged = json.valueToTree(base);
    if (top != null) {
      merged.setAll((ObjectNode) json.valueToTree(top));
    }
    return json.treeToValue(merged, TrainingJobRequest.class);
  }

  private TrainingJobRequest merge(
      TrainingJobRequest base, TrainingJobRequest overrides, long seed) {
    return overlay(overlay(base, overrides), fields(json.createObjectNode().put("seed", seed)));
  }

  private TrainingJobRequest fields(ObjectNode fields) {
    return json.treeToValue(fields, TrainingJobRequest.class);
  }

  /** The base's architecture as a spec's fields, or empty when it is absent or a name. */
  private ObjectNode template(TrainingJobRequest base) {
    return base != null && base.architecture() instanceof Map<?, ?> spec
        ? json.valueToTree(spec)
        : json.createObjectNode();
  }

  private int imageSide(String dataset) {
    if (!datasets.exists(dataset)) {
      throw ApiException.invalidField(
          "dataset", "unknown dataset '" + dataset + "'; see GET /api/v1/datasets");
    }
    return datasets.describe(dataset).imageShape().get(1);
  }
}

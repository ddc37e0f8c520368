package dev.residual.experiments.internal;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetStatus;
import dev.residual.experiments.ExperimentVariant;
import dev.residual.experiments.Metric;
import dev.residual.experiments.PresetInfo;
import dev.residual.system.ApiException;
import dev.residual.training.TrainingJobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The comparisons of fastbook chapter 14 as ready-made experiments. Each is a function of the
 * dataset (its name and image side) and the number of epochs, so that a request can change both.
 */
@Component
public class Presets {

  /** The Imagenette datasets, in the order a preset prefers them once downloaded. */
  static final List<String> IMAGENETTES = List.of("imagenette-320", "imagenette", "imagenette-160");

  static final List<Long> THREE_SEEDS = List.of(1L, 2L, 3L);

  private final DatasetCatalog datasets;
  private final JsonMapper json;
  private final Map<String, Preset> presets;

  Presets(DatasetCatalog datasets, JsonMapper json) {
    this.datasets = datasets;
    this.json = json;
    this.presets = new java.util.LinkedHashMap<>();
    for (Preset p : all()) {
      presets.put(p.name(), p);
    }
  }

  /** A preset's recipe: its defaults and how it expands. */
  interface Preset {
    String name();

    String description();

    int epochs();

    List<Long> seeds();

    List<Metric> headline();

    /** The dataset it uses when the request names none and nothing else decides. */
    String defaultDataset();

    /** The dataset to use when the request names {@code requested} (may be null). */
    String dataset(String requested);

    /** The variants' names, for the list of presets. */
    List<String> variantNames();

    /**
     * The plan for the dataset and epochs. {@code template} is the request's {@code
     * base.architecture} when it is a spec (else empty): variants that vary the architecture keep
     * its other fields (stem, widths, block) and change only the ones they compare.
     */
    PresetPlan expand(String dataset, int imageSide, int epochs, ObjectNode template);
  }

  public Optional<Preset> find(String name) {
    return Optional.ofNullable(presets.get(name));
  }

  public List<PresetInfo> list() {
    return presets.values().stream()
        .map(
            p ->
                new PresetInfo(
                    p.name(),
                    p.description(),
                    p.defaultDataset(),
                    p.variantNames(),
                    p.seeds(),
                    p.epochs(),
                    p.headline()))
        .toList();
  }

  private List<Preset> all() {
    return List.of(
        new Simple(
            "fcn-vs-flatten",
            "Further research 1: the fully convolutional resnet18 (adaptive average pooling) against"
                + " the same network with a flatten head (blocks [2,2,2,2] unless the base's"
                + " architecture gives its own). Each best checkpoint is then evaluated at"
                + " twice the dataset's image side: the pooled net answers, the flatten net cannot"
                + " (reported as not applicable)",
            "mnist",
            3,
            THREE_SEEDS,
            List.of(Metric.BEST_TOP1, Metric.SECOND_SIZE_TOP1),
            List.of("avgpool", "flatten")) {
          @Override
          public PresetPlan expand(String dataset, int side, int epochs, ObjectNode template) {
            // Only the head is compared: the depth is the base's when it gives one.
            JsonNode blocks =
                template.has("blocks")
                    ? template.get("blocks")
                    : json.valueToTree(List.of(2, 2, 2, 2));
            return new PresetPlan(
                base(dataset, null, epochs),
                List.of(
                    variant("avgpool", architecture(resnet(template, blocks, "avgpool", true))),
                    variant("flatten", architecture(resnet(template, blocks, "flatten", true)))),
                seeds(),
                Math.min(2 * side, 512),
                headline());
          }
        },
        new Simple(
            "plain-vs-residual",
            "Fig. 14-1 and He et al.: the same networks with and without shortcuts, at 18 layers"
                + " ([2,2,2,2]) and 34 layers ([3,4,6,3]). Training loss is a headline: the deeper"
                + " plain net trains worse, not only generalises worse",
            "fashion-mnist",
            5,
            THREE_SEEDS,
            List.of(Metric.LAST_TRAIN_LOSS, Metric.BEST_TOP1),
            List.of("residual-18", "plain-18", "residual-34", "plain-34")) {
          @Override
          public PresetPlan expand(String dataset, int side, int epochs, ObjectNode template) {
            List<ExperimentVariant> variants = new ArrayList<>();
            for (List<Integer> blocks : List.of(List.of(2, 2, 2, 2), List.of(3, 4, 6, 3))) {
              int depth = 2 + 2 * blocks.stream().mapToInt(Integer::intValue).sum();
              JsonNode stages = json.valueToTree(blocks);
              variants.add(
                  variant("residual-" + depth, architecture(resnet(template, stages, null, true))));
              variants.add(
                  variant("plain-" + depth, architecture(resnet(template, stages, null, false))));
            }
            return new PresetPlan(base(dataset, null, epochs), variants, seeds(), null, headline());
          }
        },
        new Simple(
            "label-smoothing",
            "Further research 4: label smoothing off (0) against on (0.1) with resnet18, on"
                + " Imagenette when it is registered, else on the dataset given (default"
                + " fashion-mnist)",
            "fashion-mnist",
            5,
            THREE_SEEDS,
            List.of(Metric.BEST_TOP1, Metric.LAST_TOP1),
            List.of("ls-0", "ls-0.1")) {
          @Override
          public String dataset(String requested) {
            return imagenette().orElse(requested != null ? requested : "fashion-mnist");
          }

          @Override
          public PresetPlan expand(String dataset, int side, int epochs, ObjectNode template) {
            return new PresetPlan(
                base(dataset, "resnet18", epochs),
                List.of(
                    variant("ls-0", fields().put("labelSmoothing", 0.0)),
                    variant("ls-0.1", fields().put("labelSmoothing", 0.1))),
                seeds(),
                null,
                headline());
          }
        },
        new Simple(
            "progressive-resizing",
            "Progressive resizing: half the image side for the first half of the epochs, then the"
                + " full side, against the full side throughout, at the same epochs (at least 2)",
            "fashion-mnist",
            4,
            THREE_SEEDS,
            List.of(Metric.BEST_TOP1, Metric.SECONDS),
            List.of("fixed", "progressive")) {
          @Override
          public PresetPlan expand(String dataset, int side, int epochs, ObjectNode template) {
            if (epochs < 2) {
              throw ApiException.invalidField(
                  "epochs", "progressive resizing needs at least 2 epochs");
            }
            int small = Math.max(8, side / 2);
            return new PresetPlan(
                base(dataset, "resnet18", epochs),
                List.of(
                    variant("fixed", fields().put("imageSize", side)),
                    variant(
                        "progressive",
                        fields()
                            .put("imageSize", side)
                            .set(
                                "imageSizes",
                                json.valueToTree(
                                    List.of(
                                        new TrainingJobRequest.ImageSize(0, small),
                                        new TrainingJobRequest.ImageSize(epochs / 2, side)))))),
                seeds(),
                null,
                headline());
          }
        },
        new Simple(
            "imagenette-grid",
            "The Imagenette leaderboard's cells: 128, 192 and 256 px × 5 and 20 epochs with"
                + " resnet50, five seeds each. Needs Imagenette downloaded; the variants set"
                + " their own image size and epochs",
            "imagenette-320",
            5,
            List.of(1L, 2L, 3L, 4L, 5L),
            List.of(Metric.BEST_TOP1),
            List.of(
                "128px-5ep", "128px-20ep", "192px-5ep", "192px-20ep", "256px-5ep", "256px-20ep")) {
          @Override
          public String dataset(String requested) {
            return imagenette()
                .orElseThrow(
                    () ->
                        ApiException.invalidField(
                            "preset",
                            "imagenette-grid needs Imagenette, and none of "
                                + IMAGENETTES
                                + " is downloaded; download one first"
                                + " (POST /api/v1/datasets/imagenette-320/download)"));
          }

          @Override
          public PresetPlan expand(String dataset, int side, int epochs, ObjectNode template) {
            List<ExperimentVariant> variants = new ArrayList<>();
            for (int size : List.of(128, 192, 256)) {
              for (int e : List.of(5, 20)) {
                variants.add(
                    variant(
                        size + "px-" + e + "ep", fields().put("imageSize", size).put("epochs", e)));
              }
            }
            return new PresetPlan(
                base(dataset, "resnet50", epochs), variants, seeds(), null, headline());
          }
        });
  }

  /** The first Imagenette dataset that is downloaded and ready. */
  Optional<String> imagenette() {
    return IMAGENETTES.stream()
        .filter(
            name ->
                datasets.exists(name)
                    && datasets.describe(name).status() == DatasetStatus.AVAILABLE)
        .findFirst();
  }

  private TrainingJobRequest base(String dataset, String architecture, int epochs) {
    ObjectNode fields = fields().put("dataset", dataset);
    if (architecture != null) {
      fields.put("architecture", architecture);
    }
    fields.put("epochs", epochs);
    return json.treeToValue(fields, TrainingJobRequest.class);
  }

  /** An empty set of job-request fields, as JSON. */
  private ObjectNode fields() {
    return json.createObjectNode();
  }

  private ObjectNode architecture(ObjectNode spec) {
    return fields().set("architecture", spec);
  }

  private ExperimentVariant variant(String name, ObjectNode overrides) {
    return new ExperimentVariant(name, json.treeToValue(overrides, TrainingJobRequest.class));
  }

  /** {@code template}'s spec with the blocks, the head (unless null) and shortcuts set. */
  private static ObjectNode resnet(
      ObjectNode template, JsonNode blocks, String head, boolean residual) {
    ObjectNode spec = template.deepCopy();
    spec.set("blocks", blocks);
    if (head != null) {
      spec.put("head", head);
    }
    spec.put("residual", residual);
    return spec;
  }

  /** A preset whose defaults are fields; subclasses give the expansion. */
  private abstract static class Simple implements Preset {
    private final String name;
    private final String description;
    private final String dataset;
    private final int epochs;
    private final List<Long> seeds;
    private final List<Metric> headline;
    private final List<String> variantNames;

    Simple(
        String name,
        String description,
        String dataset,
        int epochs,
        List<Long> seeds,
        List<Metric> headline,
        List<String> variantNames) {
      this.name = name;
      this.description = description;
      this.dataset = dataset;
      this.epochs = epochs;
      this.seeds = seeds;
      this.headline = headline;
      this.variantNames = variantNames;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public int epochs() {
      return epochs;
    }

    @Override
    public List<Long> seeds() {
      return seeds;
    }

    @Override
    public List<Metric> headline() {
      return headline;
    }

    @Override
    public List<String> variantNames() {
      return variantNames;
    }

    @Override
    public String defaultDataset() {
      return dataset;
    }

    @Override
    public String dataset(String requested) {
      return requested != null ? requested : dataset;
    }
  }
}

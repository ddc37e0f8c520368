package dev.residual.experiments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.residual.datasets.DatasetCatalog;
import dev.residual.datasets.DatasetStatus;
import dev.residual.datasets.DatasetSummary;
import dev.residual.experiments.ExperimentDefinition;
import dev.residual.experiments.ExperimentProperties;
import dev.residual.experiments.ExperimentRequest;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.training.TrainingJobRequest;
import dev.residual.training.TrainingJobService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Merging, presets and error naming, with the job validation and the datasets mocked. */
class GridExpansionTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DatasetCatalog datasets = mock(DatasetCatalog.class);
  private final TrainingJobService trainingJobs = mock(TrainingJobService.class);
  private final GridExpansion expansion =
      new GridExpansion(
          new Presets(datasets, json), datasets, trainingJobs, new ExperimentProperties(64), json);

  @BeforeEach
  void fashionMnistIsAvailable() {
    available("fashion-mnist", 28, 1);
    given(trainingJobs.validate(any())).willAnswer(call -> call.getArgument(0));
  }

  private void available(String name, int side, int channels) {
    given(datasets.exists(name)).willReturn(true);
    given(datasets.describe(name))
        .willReturn(
            new DatasetSummary(
                name,
                "idx",
                DatasetStatus.AVAILABLE,
                List.of("a", "b"),
                List.of(channels, side, side),
                100,
                10,
                null,
                null));
  }

  private ExperimentRequest request(String text) {
    return json.readValue(text, ExperimentRequest.class);
  }

  @Test
  void anObjectOverrideReplacesTheWholeFieldAndOtherFieldsAreKept() {
    ExperimentDefinition definition =
        expansion.define(
            request(
                "{\"base\": {\"dataset\": \"fashion-mnist\", \"architecture\": {\"widths\": [8, 16],"
                    + " \"blocks\": [1, 1]}, \"epochs\": 3, \"batchSize\": 32},"
                    + " \"epochs\": 2,"
                    + " \"variants\": [{\"name\": \"base\"}, {\"name\": \"deeper\", \"overrides\":"
                    + " {\"architecture\": {\"blocks\": [2, 2, 2, 2]}, \"labelSmoothing\": 0}}],"
                    + " \"seeds\": [5, 6]}"));

    List<GridExpansion.Cell> cells = expansion.cells(definition);

    assertThat(cells)
        .extracting(c -> c.variant() + "/" + c.seed())
        .containsExactly("base/5", "base/6", "deeper/5", "deeper/6");
    TrainingJobRequest base = cells.get(0).request();
    assertThat(base.architecture())
        .isEqualTo(Map.of("widths", List.of(8, 16), "blocks", List.of(1, 1)));
    assertThat(base.epochs()).as("the top-level epochs replace the base's").isEqualTo(2);
    assertThat(base.seed()).isEqualTo(5L);
    TrainingJobRequest deeper = cells.get(3).request();
    assertThat(deeper.architecture())
        .as("replaced whole, not merged: no widths left")
        .isEqualTo(Map.of("blocks", List.of(2, 2, 2, 2)));
    assertThat(deeper.labelSmoothing()).isEqualTo(0.0);
    assertThat(deeper.batchSize()).isEqualTo(32);
    assertThat(deeper.seed()).isEqualTo(6L);
    verify(trainingJobs, times(2)).validate(any());
  }

  @Test
  void aVariantThatWouldBeAnInvalidJobIsNamedWithItsField() {
    given(
            trainingJobs.validate(
                argThat(r -> r != null && Integer.valueOf(0).equals(r.imageSize()))))
        .willThrow(InvalidRequestException.field("imageSize", "must be at least 8"));

    assertThatThrownBy(
            () ->
                expansion.define(
                    request(
                        "{\"base\": {\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\","
                            + " \"epochs\": 1}, \"variants\": [{\"name\": \"fine\"},"
                            + " {\"name\": \"tiny\", \"overrides\": {\"imageSize\": 0}}]}")))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.fieldErrors()).containsOnlyKeys("variants[tiny].imageSize");
              assertThat(e.getMessage()).contains("Variant 'tiny'").contains("must be at least 8");
            });
  }

  @Test
  void presetsKeepTheBaseArchitectureAndChangeOnlyWhatTheyCompare() {
    ExperimentDefinition definition =
        expansion.define(
            request(
                "{\"preset\": \"fcn-vs-flatten\", \"dataset\": \"fashion-mnist\", \"seeds\": [1],"
                    + " \"base\": {\"architecture\": {\"widths\": [8, 8, 16, 16], \"blocks\": [1, 1, 1, 1]},"
                    + " \"limitTrainBatches\": 2}}"));

    assertThat(definition.evaluateAtImageSize()).as("twice the dataset's side").isEqualTo(56);
    List<GridExpansion.Cell> cells = expansion.cells(definition);
    assertThat(cells).extracting(GridExpansion.Cell::variant).containsExactly("avgpool", "flatten");
    @SuppressWarnings("unchecked")
    Map<String, Object> flatten = (Map<String, Object>) cells.get(1).request().architecture();
    assertThat(flatten)
        .containsEntry("widths", List.of(8, 8, 16, 16))
        .containsEntry("blocks", List.of(1, 1, 1, 1))
        .containsEntry("head", "flatten");
    assertThat(cells.get(1).request().limitTrainBatches()).isEqualTo(2);
    assertThat(cells.get(1).request().dataset()).isEqualTo("fashion-mnist");
  }

  @Test
  void theImagenetteGridIsA400UntilImagenetteIsDownloadedThenSixCellsPerSeed() {
    assertThatThrownBy(() -> expansion.define(request("{\"preset\": \"imagenette-grid\"}")))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.fieldErrors()).containsKey("preset"));

    available("imagenette-160", 160, 3);
    ExperimentDefinition definition =
        expansion.define(request("{\"preset\": \"imagenette-grid\", \"seeds\": [1, 2]}"));

    List<GridExpansion.Cell> cells = expansion.cells(definition);
    assertThat(cells).hasSize(12);
    assertThat(cells)
        .extracting(c -> c.request().imageSize() + "/" + c.request().epochs() + "/" + c.seed())
        .containsExactly(
            "128/5/1",
            "128/5/2",
            "128/20/1",
            "128/20/2",
            "192/5/1",
            "192/5/2",
            "192/20/1",
            "192/20/2",
            "256/5/1",
            "256/5/2",
            "256/20/1",
            "256/20/2");
    assertThat(cells)
        .allSatisfy(c -> assertThat(c.request().dataset()).isEqualTo("imagenette-160"));

    ExperimentDefinition smoothing =
        expansion.define(
            request("{\"preset\": \"label-smoothing\", \"dataset\": \"fashion-mnist\"}"));
    assertThat(smoothing.base().dataset())
        .as("Imagenette once downloaded")
        .isEqualTo("imagenette-160");
  }

  @Test
  void progressiveResizingStartsAtHalfTheSideForHalfTheEpochs() {
    ExperimentDefinition definition =
        expansion.define(
            request("{\"preset\": \"progressive-resizing\", \"epochs\": 4, \"seeds\": [1]}"));

    TrainingJobRequest progressive = expansion.cells(definition).get(1).request();
    assertThat(progressive.imageSizes())
        .containsExactly(
            new TrainingJobRequest.ImageSize(0, 14), new TrainingJobRequest.ImageSize(2, 28));
    assertThat(expansion.cells(definition).get(0).request().imageSizes()).isNull();
  }
}

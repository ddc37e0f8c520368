package dev.residual.experiments;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.system.ConflictException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.NotFoundException;
import dev.residual.training.JobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ExperimentController.class)
class ExperimentControllerTest {

  static final String ID = "0b0c6c9e-1f4e-4c57-9a55-0d7c3a3b9f10";
  static final String JOB = "1b0c6c9e-1f4e-4c57-9a55-0d7c3a3b9f11";

  @Autowired private MockMvc mvc;
  @MockitoBean private ExperimentService service;

  private static ExperimentDefinition definition() {
    return new ExperimentDefinition(
        "fcn-vs-flatten",
        "fcn-vs-flatten",
        null,
        List.of(new ExperimentVariant("avgpool", null)),
        List.of(1L, 2L),
        null,
        List.of(Metric.BEST_TOP1));
  }

  private static Experiment experiment(List<VariantResult> variants) {
    return new Experiment(
        ID,
        "fcn-vs-flatten",
        "fcn-vs-flatten",
        ExperimentStatus.SUCCEEDED,
        1.0,
        false,
        2,
        Instant.parse("2026-01-02T03:04:05Z"),
        definition(),
        variants);
  }

  private static ExperimentResults results() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("bestTop1", 0.875);
    metrics.put("parameters", 1234.0);
    JobResult job =
        new JobResult(
            JOB,
            "avgpool",
            1,
            JobStatus.SUCCEEDED,
            1,
            1.0,
            null,
            metrics,
            new SecondSizeResult(56, null, null, null, "a flatten head, \"fixed\" size"));
    Map<String, MetricStats> stats = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      stats.put(metric.key(), new MetricStats(0, null, null, List.of()));
    }
    stats.put("bestTop1", new MetricStats(2, 0.85, 0.025, List.of(0.875, 0.825)));
    VariantResult variant = new VariantResult("avgpool", null, 2, List.of(job), stats, List.of());
    return new ExperimentResults(
        ID,
        "fcn-vs-flatten",
        ExperimentStatus.SUCCEEDED,
        List.of(Metric.BEST_TOP1),
        List.of(job),
        List.of(variant));
  }

  @Test
  void createAnswers202WithTheLocationOfTheExperiment() throws Exception {
    given(service.create(any())).willReturn(experiment(List.of()));

    mvc.perform(
            post("/api/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"preset\": \"fcn-vs-flatten\", \"seeds\": [1, 2]}"))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", endsWith("/api/v1/experiments/" + ID)))
        .andExpect(jsonPath("$.id").value(ID))
        .andExpect(jsonPath("$.definition.headline[0]").value("bestTop1"));
  }

  @Test
  void aMalformedVariantNameIsA400NamingItBeforeTheServiceSeesIt() throws Exception {
    mvc.perform(
            post("/api/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"base\": {\"dataset\": \"fashion-mnist\"}, \"variants\": [{\"name\": \"Bad Name\"}],"
                        + " \"seeds\": [-1]}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("variants[0].name")))
        .andExpect(content().string(containsString("seeds[0]")));
    verifyNoInteractions(service);
  }

  @Test
  void aVariantTheServiceRejectsIsA400NamingVariantAndField() throws Exception {
    given(service.create(any()))
        .willThrow(
            InvalidRequestException.fields(
                Map.of("variants[flatten].architecture.blocks", "must not be empty")));

    mvc.perform(
            post("/api/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"preset\": \"fcn-vs-flatten\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("variants[flatten].architecture.blocks"))
        .andExpect(jsonPath("$.detail").value(containsString("variants[flatten]")));
  }

  @Test
  void resultsComeAsCsvWithOneRowPerJobAndPerVariant() throws Exception {
    given(service.results(ID)).willReturn(results());

    String csv =
        mvc.perform(get("/api/v1/experiments/" + ID + "/results").accept("text/csv"))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", containsString("text/csv")))
            .andReturn()
            .getResponse()
            .getContentAsString();

    List<String> lines = csv.lines().toList();
    org.assertj.core.api.Assertions.assertThat(lines).hasSize(3);
    org.assertj.core.api.Assertions.assertThat(lines.get(0))
        .startsWith("row,variant,seed,jobId,status,n,bestTop1,bestTop1Std,");
    org.assertj.core.api.Assertions.assertThat(lines.get(1))
        .startsWith("job,avgpool,1," + JOB + ",SUCCEEDED,,0.875000,,")
        .endsWith(",\"a flatten head, \"\"fixed\"\" size\"");
    org.assertj.core.api.Assertions.assertThat(lines.get(2))
        .startsWith("variant,avgpool,,,,2,0.850000,0.0250000,");
  }

  @Test
  void resultsComeAsJsonByDefault() throws Exception {
    given(service.results(ID)).willReturn(results());

    mvc.perform(get("/api/v1/experiments/" + ID + "/results"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.jobs[0].metrics.bestTop1").value(0.875))
        .andExpect(jsonPath("$.jobs[0].secondSize.notApplicable").exists())
        .andExpect(jsonPath("$.variants[0].metrics.bestTop1.std").value(0.025));
  }

  @Test
  void anUnknownExperimentIsA404() throws Exception {
    given(service.get(ID)).willThrow(new NotFoundException("Experiment", ID));

    mvc.perform(get("/api/v1/experiments/" + ID))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value(containsString(ID)));
  }

  @Test
  void deletingARunningExperimentIsA409() throws Exception {
    willThrow(new ConflictException("Experiment " + ID + " is RUNNING; cancel it first"))
        .given(service)
        .delete(ID);

    mvc.perform(delete("/api/v1/experiments/" + ID)).andExpect(status().isConflict());
    verify(service).delete(ID);
  }

  @Test
  void cancelAnswers202() throws Exception {
    given(service.cancel(ID)).willReturn(experiment(List.of()));

    mvc.perform(post("/api/v1/experiments/" + ID + "/cancel"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value(ID));
  }

  @Test
  void listsPresets() throws Exception {
    given(service.presets())
        .willReturn(
            List.of(
                new PresetInfo(
                    "plain-vs-residual",
                    "Fig. 14-1",
                    "fashion-mnist",
                    List.of("plain-18"),
                    List.of(1L),
                    5,
                    List.of(Metric.LAST_TRAIN_LOSS))));

    mvc.perform(get("/api/v1/experiments/presets"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("plain-vs-residual"))
        .andExpect(jsonPath("$[0].headline[0]").value("lastTrainLoss"));
  }
}

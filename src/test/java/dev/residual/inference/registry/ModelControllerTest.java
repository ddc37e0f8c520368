package dev.residual.inference.registry;

import static org.hamcrest.Matchers.containsString;
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

import dev.residual.checkpoints.OnnxExports;
import dev.residual.inference.registry.ModelViews.ModelDetails;
import dev.residual.inference.registry.ModelViews.ModelSummary;
import dev.residual.inference.registry.ModelViews.VersionView;
import dev.residual.models.Architectures;
import dev.residual.system.ConflictException;
import dev.residual.system.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ModelController.class)
class ModelControllerTest {

  private static final UUID CHECKPOINT = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000002");
  private static final UUID JOB = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000003");
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Autowired private MockMvc mvc;
  @MockitoBean private ModelRegistry registry;
  @MockitoBean private OnnxExports onnx;

  private static VersionView version(int v, boolean active) {
    return new VersionView(
        "fashion",
        v,
        active,
        CHECKPOINT,
        JOB,
        2,
        Architectures.named("resnet18").orElseThrow(),
        Map.of("top1", 0.91),
        T);
  }

  @Test
  void exportsAVersionsCheckpointAsOnnx() throws Exception {
    given(registry.version("fashion", 4)).willReturn(version(4, false));
    given(onnx.export(CHECKPOINT))
        .willReturn(new OnnxExports.OnnxFile(CHECKPOINT, new byte[] {8, 8}));

    mvc.perform(get("/api/v1/models/fashion/versions/4/onnx"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Disposition", containsString(CHECKPOINT + ".onnx")))
        .andExpect(content().bytes(new byte[] {8, 8}));
  }

  @Test
  void createsAVersionWith201AndItsLocation() throws Exception {
    given(registry.create("fashion", CHECKPOINT, null)).willReturn(version(4, false));

    mvc.perform(
            post("/api/v1/models")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"fashion\", \"checkpointId\": \"" + CHECKPOINT + "\"}"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "http://localhost/api/v1/models/fashion/versions/4"))
        .andExpect(jsonPath("$.version").value(4))
        .andExpect(jsonPath("$.active").value(false))
        .andExpect(jsonPath("$.jobId").value(JOB.toString()))
        .andExpect(jsonPath("$.metrics.top1").value(0.91));
  }

  @Test
  void refusesBadNamesAndMissingCheckpointsNamingTheField() throws Exception {
    mvc.perform(
            post("/api/v1/models")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"../Evil\", \"checkpointId\": \"" + CHECKPOINT + "\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("name"));
    mvc.perform(
            post("/api/v1/models")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"a\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("checkpointId"));
    verifyNoInteractions(registry);
  }

  @Test
  void listsAndDescribesModels() throws Exception {
    given(registry.list()).willReturn(List.of(new ModelSummary("fashion", 2, 3, 2, T, T)));
    given(registry.get("fashion"))
        .willReturn(
            new ModelDetails(
                "fashion",
                2,
                "ready",
                List.of("T-shirt/top", "Trouser"),
                List.of(1, 28, 28),
                List.of(version(3, false), version(2, true)),
                T,
                T));

    mvc.perform(get("/api/v1/models"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].name").value("fashion"))
        .andExpect(jsonPath("$[0].activeVersion").value(2));
    mvc.perform(get("/api/v1/models/fashion"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.serving").value("ready"))
        .andExpect(jsonPath("$.inputShape[1]").value(28))
        .andExpect(jsonPath("$.versions[1].active").value(true))
        .andExpect(jsonPath("$.versions[1].architecture.blocks[0]").value(2));
  }

  @Test
  void activatesAndDeletes() throws Exception {
    given(registry.activate("fashion", 3))
        .willReturn(
            new ModelDetails("fashion", 3, "ready", null, null, List.of(version(3, true)), T, T));
    willThrow(new ConflictException("Version 3 of model 'fashion' is active"))
        .given(registry)
        .deleteVersion("fashion", 3);

    mvc.perform(post("/api/v1/models/fashion/versions/3/activate"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.activeVersion").value(3));
    mvc.perform(delete("/api/v1/models/fashion/versions/3"))
        .andExpect(status().isConflict())
        .andExpect(header().string("Content-Type", "application/problem+json"));
    mvc.perform(delete("/api/v1/models/fashion")).andExpect(status().isNoContent());
    verify(registry).deleteModel("fashion");
  }

  @Test
  void unknownModelsAre404() throws Exception {
    given(registry.get(any())).willThrow(new NotFoundException("Model", "nope"));

    mvc.perform(get("/api/v1/models/nope")).andExpect(status().isNotFound());
  }
}

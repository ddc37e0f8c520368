package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.checkpoints.CheckpointMetadata.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.BlockType;
import dev.residual.system.EngineInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CheckpointMetadataTest {

  private static final ArchitectureSpec RESNET18 =
      ArchitectureSpec.of(List.of(2, 2, 2, 2), BlockType.BASIC);
  private static final Normalization IMAGENET =
      new Normalization(List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));

  @Test
  void ofFillsInFormatDjlAndEngineVersionsAndTheTime() {
    CheckpointMetadata m =
        CheckpointMetadata.of(
            RESNET18,
            List.of("cat", "dog"),
            List.of(3, 224, 224),
            IMAGENET,
            Map.of("dataset", "pets"),
            4,
            Map.of("top1", 0.9, "top5", 1.0),
            new EngineInfo("PyTorch", "2.7.1", "cpu()", 0));

    assertThat(m.formatVersion()).isEqualTo(CheckpointMetadata.FORMAT_VERSION);
    assertThat(m.djlVersion()).startsWith("0.36");
    assertThat(m.engine()).isEqualTo("PyTorch");
    assertThat(m.engineVersion()).isEqualTo("2.7.1");
    assertThat(m.createdAt()).isNotNull();
  }

  @Test
  void serialisesToTheDocumentedJsonAndBack() {
    CheckpointMetadata m =
        CheckpointTestSupport.metadata(2, Map.of("validLoss", 0.31, "top1", 0.88));

    JsonNode json = JSON.readTree(JSON.writeValueAsString(m));

    assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(json.get("architecture").get("blocks").toString()).isEqualTo("[2,2,2,2]");
    assertThat(json.get("architecture").get("block").asString()).isEqualTo("basic");
    assertThat(json.get("inputShape").toString()).isEqualTo("[1,28,28]");
    assertThat(json.get("normalization").get("mean").get(0).floatValue()).isEqualTo(0.2860f);
    assertThat(json.get("request").get("dataset").asString()).isEqualTo("fashion-mnist");
    assertThat(json.get("metrics").get("top1").asDouble()).isEqualTo(0.88);
    assertThat(json.get("createdAt").asString()).isEqualTo("2025-01-02T03:04:05.123456Z");
    assertThat(JSON.treeToValue(json, CheckpointMetadata.class)).isEqualTo(m);
  }

  @Test
  void requestKeepsJsonNulls() {
    Map<String, Object> request = new HashMap<>();
    request.put("seed", null);
    CheckpointMetadata m = withRequest(request);

    assertThat(JSON.readValue(JSON.writeValueAsString(m), CheckpointMetadata.class).request())
        .containsEntry("seed", null);
  }

  @Test
  void refusesInconsistentDescriptions() {
    assertThatThrownBy(() -> withShape(List.of(3, 224)))
        .hasMessageContaining("inputShape must be [channels, height, width]");
    assertThatThrownBy(() -> withShape(List.of(1, 28, 28)))
        .hasMessageContaining("one mean and std per input channel");
    assertThatThrownBy(() -> new Normalization(List.of(0.5f), List.of(0f)))
        .hasMessageContaining("std values must be positive");
    assertThatThrownBy(() -> new Normalization(List.of(0.5f), List.of(Float.NaN)))
        .hasMessageContaining("std values must be positive");
  }

  @Test
  void newCheckpointChecksEpochAndTop1() {
    CheckpointMetadata m = CheckpointTestSupport.metadata(2, Map.of());
    UUID job = UUID.randomUUID();

    assertThatThrownBy(() -> new NewCheckpoint(job, 3, m, null, out -> {}, null))
        .hasMessageContaining("differs from the metadata's epoch 2");
    assertThatThrownBy(() -> new NewCheckpoint(job, 2, m, Double.NaN, out -> {}, null))
        .hasMessageContaining("top1 must be in [0, 1]");
    assertThatThrownBy(() -> new NewCheckpoint(job, 2, m, 87.5, out -> {}, null))
        .hasMessageContaining("top1 must be in [0, 1]");
    assertThat(new NewCheckpoint(job, 2, m, 1.0, out -> {}, null).top1()).isEqualTo(1.0);
  }

  private static CheckpointMetadata withShape(List<Integer> shape) {
    return new CheckpointMetadata(
        1,
        RESNET18,
        List.of("a"),
        shape,
        IMAGENET,
        Map.of(),
        0,
        Map.of(),
        "0.36.0",
        "PyTorch",
        "2.7.1",
        java.time.Instant.EPOCH);
  }

  private static CheckpointMetadata withRequest(Map<String, Object> request) {
    return new CheckpointMetadata(
        1,
        RESNET18,
        List.of("a"),
        List.of(3, 8, 8),
        IMAGENET,
        request,
        0,
        Map.of(),
        "0.36.0",
        "PyTorch",
        "2.7.1",
        java.time.Instant.EPOCH);
  }
}

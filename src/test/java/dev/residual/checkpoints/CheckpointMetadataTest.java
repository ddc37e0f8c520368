package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.checkpoints.CheckpointMetadata.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.BlockType;
import dev.residual.system.EngineInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
            JSON.createObjectNode().put("dataset", "pets"),
            4,
            Map.of("top1", 0.9, "top5", 1.0),
            new EngineInfo("PyTorch", "2.7.1", "cpu()", 0),
            null);

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
    ObjectNode request = JSON.createObjectNode().putNull("seed");
    CheckpointMetadata m = withRequest(request);

    JsonNode seed =
        JSON.readValue(JSON.writeValueAsString(m), CheckpointMetadata.class).request().get("seed");
    assertThat(seed).isNotNull();
    assertThat(seed.isNull()).isTrue();
  }

  /** metadata.json as releases before this one wrote it; reading and writing keeps every byte. */
  private static final String EARLIER_METADATA =
      "{\"formatVersion\":1,\"architecture\":{\"stem\":[32,32,64],\"widths\":[64,128,256,512],"
          + "\"blocks\":[2,2,2,2],\"block\":\"basic\",\"head\":\"avgpool\",\"residual\":true},"
          + "\"classes\":[\"a\",\"b\"],\"inputShape\":[1,28,28],"
          + "\"normalization\":{\"mean\":[0.286],\"std\":[0.353]},"
          + "\"request\":{\"dataset\":\"fashion-mnist\",\"architecture\":{\"blocks\":[1,1],"
          + "\"head\":\"flatten\"},\"epochs\":5,\"batchSize\":64,\"learningRate\":0.004,"
          + "\"seed\":9007199254740991,\"labelSmoothing\":0.1,\"publishAs\":null,"
          + "\"imageSizes\":[{\"fromEpoch\":0,\"size\":14}]},"
          + "\"epoch\":3,\"metrics\":{\"epoch\":3.0,\"trainLoss\":0.41,\"top1\":0.88},"
          + "\"djlVersion\":\"0.36.0\",\"engine\":\"PyTorch\",\"engineVersion\":\"2.7.1\","
          + "\"createdAt\":\"2025-01-02T03:04:05.123456Z\",\"storedSize\":28}";

  @Test
  void earlierMetadataReadsBackAndIsWrittenByteForByte() {
    CheckpointMetadata m = JSON.readValue(EARLIER_METADATA, CheckpointMetadata.class);

    assertThat(JSON.writeValueAsString(m)).isEqualTo(EARLIER_METADATA);
    assertThat(m.requestedBatchSize()).hasValue(64);
    assertThat(m.requestedLabelSmoothing()).hasValue(0.1);
    assertThat(m.request().get("seed").longValue()).isEqualTo(9007199254740991L);
  }

  @Test
  void evaluationSettingsAreReadOnlyWhenTheRequestHoldsUsableNumbers() {
    assertThat(withRequest(JSON.createObjectNode()).requestedBatchSize()).isEmpty();
    assertThat(withRequest(JSON.createObjectNode().put("batchSize", 0)).requestedBatchSize())
        .isEmpty();
    assertThat(withRequest(JSON.createObjectNode().put("batchSize", "64")).requestedBatchSize())
        .isEmpty();
    assertThat(
            withRequest(JSON.createObjectNode().put("labelSmoothing", Double.NaN))
                .requestedLabelSmoothing())
        .isEmpty();
    assertThat(
            withRequest(JSON.createObjectNode().putNull("labelSmoothing"))
                .requestedLabelSmoothing())
        .isEmpty();
  }

  @Test
  void theRequestCannotBeChangedFromOutside() {
    ObjectNode request = JSON.createObjectNode().put("batchSize", 64);
    CheckpointMetadata m = withRequest(request);

    request.put("batchSize", 8);
    m.request().put("batchSize", 16);

    assertThat(m.requestedBatchSize()).hasValue(64);
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
        JSON.createObjectNode(),
        0,
        Map.of(),
        "0.36.0",
        "PyTorch",
        "2.7.1",
        java.time.Instant.EPOCH,
        null);
  }

  private static CheckpointMetadata withRequest(ObjectNode request) {
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
        java.time.Instant.EPOCH,
        null);
  }
}

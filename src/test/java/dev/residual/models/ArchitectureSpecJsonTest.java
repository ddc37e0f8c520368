package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a spec: lowercase enums and the chapter's defaults for absent fields. */
class ArchitectureSpecJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void onlyBlocksIsNeededAndTheRestDefaultsToTheChapter() {
    ArchitectureSpec spec = JSON.readValue("{\"blocks\": [2, 2, 2, 2]}", ArchitectureSpec.class);

    assertThat(spec).isEqualTo(Architectures.named("resnet18").orElseThrow());
    assertThat(spec.stem()).containsExactly(32, 32, 64);
    assertThat(spec.widths()).containsExactly(64, 128, 256, 512);
    assertThat(spec.block()).isEqualTo(BlockType.BASIC);
    assertThat(spec.head()).isEqualTo(HeadType.AVGPOOL);
    assertThat(spec.residual()).isTrue();
    assertThat(spec.expansion()).isEqualTo(1);
  }

  @Test
  void everyFieldIsRead() {
    String json =
        """
        {"stem": [16, 32], "widths": [8, 16], "blocks": [1, 2], "block": "bottleneck",
         "head": "flatten", "residual": false}
        """;

    ArchitectureSpec spec = JSON.readValue(json, ArchitectureSpec.class);

    assertThat(spec)
        .isEqualTo(
            new ArchitectureSpec(
                List.of(16, 32),
                List.of(8, 16),
                List.of(1, 2),
                BlockType.BOTTLENECK,
                HeadType.FLATTEN,
                false));
    assertThat(spec.expansion()).isEqualTo(4);
  }

  @Test
  void writesLowercaseNamesAndRoundTrips() {
    ArchitectureSpec resnet50 = Architectures.named("resnet50").orElseThrow();

    String json = JSON.writeValueAsString(resnet50);

    assertThat(json)
        .isEqualTo(
            "{\"stem\":[32,32,64],\"widths\":[64,128,256,512],\"blocks\":[3,4,6,3],"
                + "\"block\":\"bottleneck\",\"head\":\"avgpool\",\"residual\":true}");
    assertThat(JSON.readValue(json, ArchitectureSpec.class)).isEqualTo(resnet50);
  }

  @Test
  void missingBlocksIsLeftForValidationToReport() {
    ArchitectureSpec spec = JSON.readValue("{\"head\": null}", ArchitectureSpec.class);

    assertThat(spec.blocks()).isNull();
    assertThat(spec.head()).isEqualTo(HeadType.AVGPOOL);
  }

  @Test
  void unknownBlockIsRejectedWithTheAcceptedNames() {
    assertThatThrownBy(
            () -> JSON.readValue("{\"blocks\": [1], \"block\": \"wide\"}", ArchitectureSpec.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("expected one of basic, bottleneck");
    assertThatThrownBy(
            () ->
                JSON.readValue("{\"blocks\": [1], \"head\": \"AVGPOOL\"}", ArchitectureSpec.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("expected one of avgpool, flatten");
  }
}

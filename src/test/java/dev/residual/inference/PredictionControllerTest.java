package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.inference.PredictionResponse.ClassProbability;
import dev.residual.inference.PredictionResponse.ImagePrediction;
import dev.residual.inference.PredictionResponse.Timings;
import dev.residual.system.ServiceBusyException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(PredictionController.class)
class PredictionControllerTest {

  private static final UUID CHECKPOINT = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000001");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  @Autowired private MockMvc mvc;
  @MockitoBean private PredictionService service;

  private static PredictionResponse answer(String model, Integer version, int images) {
    List<ImagePrediction> predictions = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      predictions.add(
          new ImagePrediction(
              i,
              "image-" + i,
              List.of(
                  new ClassProbability("Sneaker", 7, 0.75),
                  new ClassProbability("Sandal", 5, 0.2))));
    }
    return new PredictionResponse(
        model, version, CHECKPOINT, 2, false, predictions, new Timings(1.5, 0.25, 4.0, 6.0));
  }

  private static List<String> names(ImageUpload.Batch batch) {
    return batch.images().stream().map(ImageUpload::name).toList();
  }

  private static byte[] bytes(ImageUpload upload) throws IOException {
    try (InputStream in = upload.source().open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void aMultipartImageGoesToTheActiveVersionWithDefaultOptions() throws Exception {
    given(service.predictActive(eq("fashion"), any(), anyInt(), anyBoolean()))
        .willReturn(answer("fashion", 3, 1));

    mvc.perform(
            multipart("/api/v1/models/fashion/predictions")
                .file(new MockMultipartFile("image", "shoe.png", "image/png", PNG)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.model").value("fashion"))
        .andExpect(jsonPath("$.version").value(3))
        .andExpect(jsonPath("$.checkpointId").value(CHECKPOINT.toString()))
        .andExpect(jsonPath("$.predictions[0].classes[0].label").value("Sneaker"))
        .andExpect(jsonPath("$.predictions[0].classes[0].classIndex").value(7))
        .andExpect(jsonPath("$.predictions[0].classes[0].probability").value(0.75))
        .andExpect(jsonPath("$.timings.inferenceMs").value(4.0));

    ArgumentCaptor<ImageUpload.Batch> batch = ArgumentCaptor.forClass(ImageUpload.Batch.class);
    verify(service).predictActive(eq("fashion"), batch.capture(), eq(5), eq(false));
    assertThat(names(batch.getValue())).containsExactly("shoe.png");
    assertThat(bytes(batch.getValue().images().get(0))).isEqualTo(PNG);
  }

  @Test
  void repeatedImagesFieldsReachAGivenVersionInOrder() throws Exception {
    given(service.predictVersion(eq("fashion"), eq(2), any(), anyInt(), anyBoolean()))
        .willReturn(answer("fashion", 2, 3));

    mvc.perform(
            multipart("/api/v1/models/fashion/versions/2/predictions")
                .file(new MockMultipartFile("images", "a.png", "image/png", PNG))
                .file(new MockMultipartFile("images", "b.jpg", "image/jpeg", PNG))
                .file(new MockMultipartFile("images", "c.png", "image/png", PNG))
                .param("topK", "3")
                .param("tta", "true"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.predictions.length()").value(3));

    ArgumentCaptor<ImageUpload.Batch> batch = ArgumentCaptor.forClass(ImageUpload.Batch.class);
    verify(service).predictVersion(eq("fashion"), eq(2), batch.capture(), eq(3), eq(true));
    assertThat(names(batch.getValue())).containsExactly("a.png", "b.jpg", "c.png");
  }

  @Test
  void aRawPngBodyGoesToACheckpoint() throws Exception {
    given(service.predictCheckpoint(eq(CHECKPOINT), any(), anyInt(), anyBoolean()))
        .willReturn(answer(null, null, 1));

    mvc.perform(
            post("/api/v1/checkpoints/{id}/predictions", CHECKPOINT)
                .contentType(MediaType.IMAGE_PNG)
                .content(PNG))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.model").doesNotExist())
        .andExpect(jsonPath("$.version").doesNotExist());

    ArgumentCaptor<ImageUpload.Batch> batch = ArgumentCaptor.forClass(ImageUpload.Batch.class);
    verify(service).predictCheckpoint(eq(CHECKPOINT), batch.capture(), eq(5), eq(false));
    ImageUpload body = batch.getValue().images().get(0);
    assertThat(body.name()).isEqualTo("body");
    assertThat(body.size()).as("read up to the limit, whatever Content-Length says").isEqualTo(-1);
    assertThat(bytes(body)).isEqualTo(PNG);
  }

  @Test
  void otherContentTypesAre415AndBadOptions400BeforeTheServiceIsAsked() throws Exception {
    mvc.perform(
            post("/api/v1/models/fashion/predictions")
                .contentType(MediaType.IMAGE_GIF)
                .content(PNG))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(header().string("Content-Type", "application/problem+json"));
    mvc.perform(
            post("/api/v1/models/fashion/predictions")
                .contentType(MediaType.TEXT_PLAIN)
                .content("hi"))
        .andExpect(status().isUnsupportedMediaType());
    mvc.perform(
            post("/api/v1/models/fashion/predictions")
                .param("topK", "0")
                .contentType(MediaType.IMAGE_PNG)
                .content(PNG))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("topK"));
    mvc.perform(
            post("/api/v1/models/fashion/versions/two/predictions")
                .contentType(MediaType.IMAGE_PNG)
                .content(PNG))
        .andExpect(status().isBadRequest());
    mvc.perform(
            post("/api/v1/checkpoints/not-a-uuid/predictions")
                .contentType(MediaType.IMAGE_PNG)
                .content(PNG))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(service);
  }

  @Test
  void aFullQueueIs503WithRetryAfter() throws Exception {
    given(service.predictActive(eq("fashion"), any(), anyInt(), anyBoolean()))
        .willThrow(new ServiceBusyException("queue full", Duration.ofSeconds(2)));

    mvc.perform(
            post("/api/v1/models/fashion/predictions")
                .contentType(MediaType.IMAGE_JPEG)
                .content(PNG))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "2"))
        .andExpect(jsonPath("$.detail").value("queue full"));
  }
}

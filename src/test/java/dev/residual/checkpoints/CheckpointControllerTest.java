package dev.residual.checkpoints;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.system.ConflictException;
import dev.residual.system.NotFoundException;
import java.io.ByteArrayInputStream;
import java.net.URI;
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

@WebMvcTest(CheckpointController.class)
class CheckpointControllerTest {

  private static final String SHA =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Autowired private MockMvc mvc;
  @MockitoBean private CheckpointStore store;
  @MockitoBean private OnnxExports onnx;

  private final UUID job = UUID.randomUUID();

  private Checkpoint checkpoint(int epoch) {
    return new Checkpoint(
        UUID.randomUUID(),
        job,
        epoch,
        SHA,
        1234,
        0.875,
        Instant.parse("2025-01-02T03:04:05Z"),
        CheckpointTestSupport.metadata(epoch, Map.of("top1", 0.875, "validLoss", 0.4)));
  }

  @Test
  void listsAJobsCheckpointsAsSummariesWithoutFilePaths() throws Exception {
    Checkpoint two = checkpoint(2);
    given(store.findByJob(job)).willReturn(List.of(two, checkpoint(1)));

    mvc.perform(get("/api/v1/checkpoints").param("jobId", job.toString()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].id").value(two.id().toString()))
        .andExpect(jsonPath("$[0].epoch").value(2))
        .andExpect(jsonPath("$[0].sha256").value(SHA))
        .andExpect(jsonPath("$[0].top1").value(0.875))
        .andExpect(jsonPath("$[0].metrics.validLoss").value(0.4))
        .andExpect(jsonPath("$[0].createdAt").value("2025-01-02T03:04:05Z"))
        .andExpect(content().string(not(containsString("checkpoints/"))))
        .andExpect(jsonPath("$[0].fileName").doesNotExist());
  }

  @Test
  void listsRecentCheckpointsOfAllJobsWithALimit() throws Exception {
    given(store.findRecent(5)).willReturn(List.of(checkpoint(1)));

    mvc.perform(get("/api/v1/checkpoints").param("limit", "5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(1)));
    mvc.perform(get("/api/v1/checkpoints").param("limit", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.status").value(400));
  }

  @Test
  void getsOneCheckpointWithItsMetadata() throws Exception {
    Checkpoint c = checkpoint(3);
    given(store.find(c.id())).willReturn(c);

    mvc.perform(get("/api/v1/checkpoints/{id}", c.id()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.metadata.classes[0]").value("T-shirt/top"))
        .andExpect(jsonPath("$.metadata.architecture.blocks", hasSize(4)))
        .andExpect(jsonPath("$.metadata.inputShape[1]").value(28))
        .andExpect(jsonPath("$.metadata.djlVersion").value("0.36.0"));
  }

  @Test
  void exportsOnnxAsANamedDownload() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] model = {8, 8, 18, 8};
    given(onnx.export(id)).willReturn(new OnnxExports.OnnxFile(id, model));

    mvc.perform(get("/api/v1/checkpoints/{id}/onnx", id))
        .andExpect(status().isOk())
        .andExpect(content().contentType("application/octet-stream"))
        .andExpect(
            header()
                .string(
                    "Content-Disposition", "attachment; filename=\"checkpoint-" + id + ".onnx\""))
        .andExpect(content().bytes(model));
  }

  @Test
  void onnxOfAnUnknownOrMalformedIdIsAProblem() throws Exception {
    UUID id = UUID.randomUUID();
    given(onnx.export(id)).willThrow(new NotFoundException("Checkpoint", id.toString()));

    mvc.perform(get("/api/v1/checkpoints/{id}/onnx", id))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.status").value(404));
    mvc.perform(get("/api/v1/checkpoints/{id}/onnx", "..%2f..%2fetc"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void unknownIdIsA404ProblemDetail() throws Exception {
    UUID id = UUID.randomUUID();
    given(store.find(id)).willThrow(new NotFoundException("Checkpoint", id.toString()));

    mvc.perform(get("/api/v1/checkpoints/{id}", id))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(404))
        .andExpect(jsonPath("$.title").value("Not found"))
        .andExpect(jsonPath("$.detail").value(containsString(id.toString())));
  }

  @Test
  void idsThatAreNotUuidsAreRejectedBeforeTheStore() throws Exception {
    for (String raw : List.of("..%2f..%2fetc", "%2e%2e%2fx", "..%5c..%5cwindows", "abc")) {
      mvc.perform(get(URI.create("/api/v1/checkpoints/" + raw)))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.status").value(400));
      mvc.perform(get(URI.create("/api/v1/checkpoints/" + raw + "/download")))
          .andExpect(status().isBadRequest());
      mvc.perform(delete(URI.create("/api/v1/checkpoints/" + raw)))
          .andExpect(status().isBadRequest());
    }
    mvc.perform(get("/api/v1/checkpoints").param("jobId", "../x"))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(store);
  }

  @Test
  void downloadStreamsTheZipAsAnAttachment() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    given(store.openArchive(id))
        .willReturn(
            new CheckpointStore.ArchiveStream(id, SHA, zip.length, new ByteArrayInputStream(zip)));

    mvc.perform(get("/api/v1/checkpoints/{id}/download", id))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/zip"))
        .andExpect(
            header()
                .string(
                    "Content-Disposition", "attachment; filename=\"checkpoint-" + id + ".zip\""))
        .andExpect(header().longValue("Content-Length", zip.length))
        .andExpect(header().string("ETag", "\"" + SHA + "\""))
        .andExpect(
            header()
                .string("Repr-Digest", "sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:"))
        .andExpect(content().bytes(zip));
  }

  @Test
  void downloadIgnoresRangeRequestsAndSendsTheWholeArchive() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    given(store.openArchive(id))
        .willReturn(
            new CheckpointStore.ArchiveStream(id, SHA, zip.length, new ByteArrayInputStream(zip)));

    mvc.perform(get("/api/v1/checkpoints/{id}/download", id).header("Range", "bytes=2-3"))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("Accept-Ranges"))
        .andExpect(content().bytes(zip));
  }

  @Test
  void downloadOfADamagedArchiveIsA422() throws Exception {
    UUID id = UUID.randomUUID();
    given(store.openArchive(id)).willThrow(new InvalidCheckpointException("it is damaged"));

    mvc.perform(get("/api/v1/checkpoints/{id}/download", id))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.title").value("Invalid checkpoint"))
        .andExpect(jsonPath("$.detail").value("it is damaged"));
  }

  @Test
  void deleteIs204AndConflictWhenInUse() throws Exception {
    UUID free = UUID.randomUUID();
    UUID used = UUID.randomUUID();
    UUID unknown = UUID.randomUUID();
    willThrow(new ConflictException("Checkpoint is in use by model 'pets' v1"))
        .given(store)
        .delete(used);
    willThrow(new NotFoundException("Checkpoint", unknown.toString())).given(store).delete(unknown);

    mvc.perform(delete("/api/v1/checkpoints/{id}", free)).andExpect(status().isNoContent());
    mvc.perform(delete("/api/v1/checkpoints/{id}", used))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.status").value(409))
        .andExpect(jsonPath("$.detail").value(containsString("model 'pets' v1")));
    mvc.perform(delete("/api/v1/checkpoints/{id}", unknown)).andExpect(status().isNotFound());
    verify(store).delete(free);
  }
}

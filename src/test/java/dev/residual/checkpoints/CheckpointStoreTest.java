package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.JSON;
import static dev.residual.checkpoints.CheckpointTestSupport.checkpoint;
import static dev.residual.checkpoints.CheckpointTestSupport.optimizerState;
import static dev.residual.checkpoints.CheckpointTestSupport.params;
import static dev.residual.checkpoints.CheckpointTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

class CheckpointStoreTest {

  @TempDir Path dataDir;

  private final UUID job = UUID.randomUUID();

  private CheckpointTestSupport support;
  private CheckpointStore store;

  @BeforeEach
  void setUp() {
    support = new CheckpointTestSupport(dataDir);
    store = support.store;
  }

  @Test
  void savedCheckpointIsFoundAndItsPayloadsReadBack() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 2, 0.75, true));

    assertThat(store.find(saved.id())).isEqualTo(saved);
    assertThat(saved.jobId()).isEqualTo(job);
    assertThat(saved.epoch()).isEqualTo(2);
    assertThat(saved.top1()).isEqualTo(0.75);
    assertThat(saved.metadata())
        .isEqualTo(CheckpointTestSupport.metadata(2, saved.metadata().metrics()));
    assertThat(readAll(store.openPayload(saved.id(), CheckpointStore.MODEL_PARAMS)))
        .isEqualTo(params(2));
    assertThat(readAll(store.openPayload(saved.id(), CheckpointStore.OPTIMIZER_STATE)))
        .isEqualTo(optimizerState(2));
    assertThat(store.hasPayload(saved.id(), CheckpointStore.OPTIMIZER_STATE)).isTrue();
  }

  @Test
  void eachSaveIsTimedAndSized() throws IOException {
    Checkpoint first = store.save(checkpoint(job, 1, 0.5, true));
    Checkpoint second = store.save(checkpoint(job, 2, 0.6, false));

    Timer writes = support.meters.get("residual.checkpoint.write").timer();
    assertThat(writes.count()).isEqualTo(2);
    assertThat(writes.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    DistributionSummary sizes = support.meters.get("residual.checkpoint").summary();
    assertThat(sizes.count()).isEqualTo(2);
    assertThat(sizes.totalAmount()).isEqualTo(first.sizeBytes() + second.sizeBytes());
  }

  @Test
  void archiveIsOneZipWhoseSha256AndSizeAreRecorded() throws Exception {
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));
    Path file = support.fileOf(saved);

    byte[] bytes = Files.readAllBytes(file);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(saved.sha256()).isEqualTo(sha).hasSize(64);
    assertThat(saved.sizeBytes()).isEqualTo(bytes.length);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
          .containsExactly("metadata.json", "model.params", "optimizer.bin");
      byte[] json = zip.getInputStream(zip.getEntry("metadata.json")).readAllBytes();
      assertThat(JSON.readValue(json, CheckpointMetadata.class)).isEqualTo(saved.metadata());
    }
    assertThat(
            support.jdbc.sql("select metadata_json from checkpoint").query(String.class).single())
        .contains("\"formatVersion\"", "\"blocks\"", "\"djlVersion\"", "\"T-shirt/top\"");
    try (var leftovers = Files.list(file.getParent())) {
      assertThat(leftovers).containsExactly(file);
    }
  }

  @Test
  void optimizerStateIsOptional() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 1, null, false));

    assertThat(store.hasPayload(saved.id(), CheckpointStore.OPTIMIZER_STATE)).isFalse();
    assertThatThrownBy(() -> store.openPayload(saved.id(), CheckpointStore.OPTIMIZER_STATE))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND));
    assertThat(readAll(store.openPayload(saved.id(), CheckpointStore.MODEL_PARAMS)))
        .isEqualTo(params(1));
  }

  @Test
  void unknownIdIsNotFound() {
    assertThatThrownBy(() -> store.find(UUID.randomUUID()))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void failingWriterLeavesNeitherFileNorRow() throws IOException {
    NewCheckpoint broken =
        new NewCheckpoint(
            job,
            1,
            CheckpointTestSupport.metadata(1, Map.of()),
            null,
            out -> {
              out.write(new byte[1000]);
              throw new IOException("disk full");
            },
            null);

    assertThatThrownBy(() -> store.save(broken)).hasMessage("disk full");

    assertThat(store.findByJob(job)).isEmpty();
    try (var left = Files.list(dataDir.resolve("checkpoints").resolve(job.toString()))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void failedInsertRemovesTheFileItWasAbout() throws IOException {
    support.jdbc.sql("alter table checkpoint add constraint no_rows check (epoch < 0)").update();

    assertThatThrownBy(() -> store.save(checkpoint(job, 1, 0.5, true)))
        .isInstanceOf(RuntimeException.class);

    try (var left = Files.list(dataDir.resolve("checkpoints").resolve(job.toString()))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void tamperedArchiveIsRefusedOnOpen() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));
    Path file = support.fileOf(saved);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> store.openPayload(saved.id(), CheckpointStore.MODEL_PARAMS))
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining(saved.sha256());
    assertThatThrownBy(() -> store.openArchive(saved.id()))
        .isInstanceOf(InvalidCheckpointException.class);
  }

  @Test
  void missingFileIsAClearErrorNotACrash() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));
    Files.delete(support.fileOf(saved));

    assertThatThrownBy(() -> store.openPayload(saved.id(), CheckpointStore.MODEL_PARAMS))
        .isInstanceOfSatisfying(
            InvalidCheckpointException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT))
        .hasMessageContaining("lost its file");
  }

  @Test
  void downloadStreamIsTheVerifiedArchive() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));

    CheckpointStore.ArchiveStream archive = store.openArchive(saved.id());

    assertThat(archive.sha256()).isEqualTo(saved.sha256());
    assertThat(readAll(archive.stream())).isEqualTo(Files.readAllBytes(support.fileOf(saved)));
  }

  @Test
  void deletingRemovesRowThenFileUnlessInUse() throws IOException {
    Checkpoint used = store.save(checkpoint(job, 1, 0.5, true));
    Checkpoint unused = store.save(checkpoint(job, 2, 0.6, true));
    support.usages.add(
        id -> id.equals(used.id()) ? Optional.of("model 'pets' v1") : Optional.empty());

    assertThatThrownBy(() -> store.delete(used.id()))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONFLICT))
        .hasMessageContaining("model 'pets' v1");
    store.delete(unused.id());

    assertThat(store.findByJob(job)).containsExactly(used);
    assertThat(support.fileOf(used)).exists();
    assertThat(support.fileOf(unused)).doesNotExist();
    assertThatThrownBy(() -> store.delete(unused.id()))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void deleteAllForJobRemovesItsCheckpointsAndDirectoryButNoOtherJobs() throws IOException {
    Checkpoint first = store.save(checkpoint(job, 1, 0.5, true));
    store.save(checkpoint(job, 2, 0.6, true));
    Checkpoint other = store.save(checkpoint(UUID.randomUUID(), 1, 0.5, true));

    support.usages.add(id -> id.equals(first.id()) ? Optional.of("a model") : Optional.empty());
    assertThatThrownBy(() -> store.deleteAllForJob(job)).isInstanceOf(DomainException.class);
    assertThat(store.findByJob(job)).hasSize(2);

    support.usages.clear();
    assertThat(store.deleteAllForJob(job)).isEqualTo(2);

    assertThat(store.findByJob(job)).isEmpty();
    assertThat(support.files.root().resolve(job.toString())).doesNotExist();
    assertThat(store.find(other.id())).isEqualTo(other);
  }

  @Test
  void listsAreOrderedLatestFirst() throws IOException {
    Checkpoint one = store.save(checkpoint(job, 1, 0.5, true));
    Checkpoint two = store.save(checkpoint(job, 2, 0.4, true));

    assertThat(store.findByJob(job)).containsExactly(two, one);
    assertThat(store.findRecent(1)).containsExactly(two);
    assertThat(store.latestForJob(job)).contains(two);
    assertThat(store.bestForJob(job)).contains(one);
    assertThat(store.latestForJob(UUID.randomUUID())).isEmpty();
  }

  @Test
  void onlyKnownPayloadNamesCanBeOpened() throws IOException {
    Checkpoint saved = store.save(checkpoint(job, 1, 0.5, true));

    for (String name : List.of("metadata.json", "../model.params", "")) {
      assertThatThrownBy(() -> store.openPayload(saved.id(), name))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

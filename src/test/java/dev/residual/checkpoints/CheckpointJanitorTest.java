package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.age;
import static dev.residual.checkpoints.CheckpointTestSupport.checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash between writing a file and recording it, then a restart on the same directory. */
class CheckpointJanitorTest {

  @TempDir Path dataDir;

  private final UUID job = UUID.randomUUID();

  @Test
  void restartDeletesUnrecordedArchivesAndTmpLeftoversButKeepsRecordedOnes() throws IOException {
    CheckpointTestSupport before = new CheckpointTestSupport(dataDir);
    Checkpoint recorded = before.store.save(checkpoint(job, 1, 0.5, true));
    // The crash: the archive is complete and renamed into place, but its row was never inserted.
    Path orphan = writeArchiveWithoutRow(before, UUID.randomUUID());
    Path tmp = orphan.resolveSibling(UUID.randomUUID() + ".zip.tmp");
    Files.write(tmp, new byte[] {'P', 'K'});
    Path foreign = orphan.resolveSibling("notes.txt");
    Files.writeString(foreign, "not a checkpoint");
    for (Path file : new Path[] {before.fileOf(recorded), orphan, tmp, foreign}) {
      age(file);
    }

    assertThat(before.store.findByJob(job)).containsExactly(recorded);

    CheckpointTestSupport restarted = before.restarted();
    assertThat(restarted.janitor().cleanUp()).containsExactlyInAnyOrder(orphan, tmp);

    assertThat(orphan).doesNotExist();
    assertThat(tmp).doesNotExist();
    assertThat(foreign).exists();
    assertThat(before.fileOf(recorded)).exists();
    assertThat(restarted.store.findByJob(job)).containsExactly(recorded);
  }

  @Test
  void leavesFreshFilesAndSavesInFlightAlone() throws IOException {
    CheckpointTestSupport support = new CheckpointTestSupport(dataDir);
    // Younger than the grace period: possibly another instance about to insert its row.
    Path fresh = writeArchiveWithoutRow(support, UUID.randomUUID());
    // Old but claimed by a save in this process, e.g. a slow writer.
    UUID inFlight = UUID.randomUUID();
    Path claimed = writeArchiveWithoutRow(support, inFlight);
    age(claimed);
    support.files.claim(CheckpointFiles.fileName(job, inFlight));

    assertThat(support.janitor().cleanUp()).isEmpty();

    assertThat(fresh).exists();
    assertThat(claimed).exists();
  }

  @Test
  void anEmptyOrMissingDirectoryIsNothingToDo() throws IOException {
    assertThat(new CheckpointTestSupport(dataDir).janitor().cleanUp()).isEmpty();
  }

  private Path writeArchiveWithoutRow(CheckpointTestSupport support, UUID id) throws IOException {
    return support
        .files
        .write(
            CheckpointFiles.fileName(job, id),
            out -> CheckpointArchive.write(out, "{}".getBytes(), o -> o.write(1), null))
        .path();
  }
}

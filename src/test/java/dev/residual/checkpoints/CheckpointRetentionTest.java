package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.checkpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRetentionTest {

  @TempDir Path dataDir;

  private final UUID job = UUID.randomUUID();
  private CheckpointTestSupport support;
  private CheckpointStore store;

  /** Index i holds epoch i + 1. */
  private final List<Checkpoint> epochs = new ArrayList<>();

  @BeforeEach
  void saveSixEpochs() throws IOException {
    support = new CheckpointTestSupport(dataDir);
    store = support.store;
    // Epochs 2 and 3 tie for the best top-1; the later one wins. Epoch 6 was not evaluated.
    Double[] top1 = {0.50, 0.90, 0.90, 0.60, 0.70, null};
    for (int epoch = 1; epoch <= top1.length; epoch++) {
      epochs.add(store.save(checkpoint(job, epoch, top1[epoch - 1], true)));
    }
  }

  private Checkpoint epoch(int epoch) {
    return epochs.get(epoch - 1);
  }

  @Test
  void bestIsHighestTop1AndATieGoesToTheLaterEpoch() {
    assertThat(store.bestForJob(job)).contains(epoch(3));
    assertThat(store.latestForJob(job)).contains(epoch(6));
  }

  @Test
  void keepsTheBestAndTheLastNAndDeletesRowsAndFilesOfTheRest() {
    List<UUID> deleted = store.applyRetention(job, 2);

    assertThat(deleted).containsExactlyInAnyOrder(epoch(1).id(), epoch(2).id(), epoch(4).id());
    assertThat(store.findByJob(job)).containsExactly(epoch(6), epoch(5), epoch(3));
    for (int e : new int[] {1, 2, 4}) {
      assertThat(support.fileOf(epoch(e))).doesNotExist();
    }
    for (int e : new int[] {3, 5, 6}) {
      assertThat(support.fileOf(epoch(e))).exists();
    }
  }

  @Test
  void skipsCheckpointsInUse() {
    support.usages.add(
        id -> id.equals(epoch(1).id()) ? Optional.of("model 'x' v1") : Optional.empty());

    List<UUID> deleted = store.applyRetention(job, 1);

    assertThat(deleted).containsExactlyInAnyOrder(epoch(2).id(), epoch(4).id(), epoch(5).id());
    assertThat(store.findByJob(job)).containsExactly(epoch(6), epoch(3), epoch(1));
  }

  @Test
  void isIdempotentAndRefusesToKeepNothing() {
    store.applyRetention(job, 3);

    assertThat(store.applyRetention(job, 3)).isEmpty();
    assertThatThrownBy(() -> store.applyRetention(job, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

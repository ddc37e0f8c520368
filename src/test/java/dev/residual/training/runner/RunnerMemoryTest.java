package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.residual.datasets.LabeledDataset;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A thousand batches leave no arrays behind and no growing native memory. */
@ExtendWith(SingleThreadedEngine.class)
class RunnerMemoryTest {

  private static final int BATCHES_PER_EPOCH = 64;
  private static final int EPOCHS = 16;

  @Test
  void aThousandBatchesLeaveNoArraysAndNoNativeGrowth() {
    LabeledDataset data = FashionMnistSample.load(4 * BATCHES_PER_EPOCH, 8);
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(EPOCHS)
            .setLearningRate(0.05)
            .optBatchSize(4)
            .optLimitValidBatches(1)
            .build();
    // Measured after the first epoch (allocator and JIT warm), half-way and after the last batch.
    int[] at = {BATCHES_PER_EPOCH + 1, BATCHES_PER_EPOCH * EPOCHS / 2, BATCHES_PER_EPOCH * EPOCHS};
    long[] arrays = new long[3];
    long[] nativeBytes = new long[3];
    int[] batches = new int[1];
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingRunner.builder()
          .setSettings(settings)
          .setData(data)
          .addListener(
              new TrainingListener() {
                @Override
                public void onBatch(BatchProgress progress) {
                  batches[0]++;
                  for (int slot = 0; slot < at.length; slot++) {
                    if (batches[0] == at[slot]) {
                      arrays[slot] = manager.getManagedArrays().size();
                      nativeBytes[slot] = nativeResidentBytes();
                    }
                  }
                }
              })
          .build()
          .run(TinyNets.resnet(10), manager);
      assertThat(batches[0]).isEqualTo(1024);
      assertThat(arrays[1]).isEqualTo(arrays[0]);
      assertThat(arrays[2]).isEqualTo(arrays[0]);
      // The allocator settles in over the first half (RSS is noisy: heap pages, malloc arenas);
      // a leak keeps growing. Leaking one batch's activations would add over 100 MB per half.
      assertThat(nativeBytes[2] - nativeBytes[1])
          .as(
              "native growth over the second 512 batches (first half grew %d MB)",
              (nativeBytes[1] - nativeBytes[0]) >> 20)
          .isLessThan(48L << 20);
    }
  }

  /** Resident set size less the JVM heap's committed size, after a collection. */
  private static long nativeResidentBytes() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          long kilobytes = Long.parseLong(line.replaceAll("\\D", ""));
          return kilobytes * 1024 - heap;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}

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
    long[] arrays = new long[2];
    long[] nativeBytes = new long[2];
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
                  // Measure after the first epoch (allocator and JIT warm) and after the last
                  // batch.
                  int slot =
                      batches[0] == BATCHES_PER_EPOCH + 1
                          ? 0
                          : batches[0] == BATCHES_PER_EPOCH * EPOCHS ? 1 : -1;
                  if (slot >= 0) {
                    arrays[slot] = manager.getManagedArrays().size();
                    nativeBytes[slot] = nativeResidentBytes();
                  }
                }
              })
          .build()
          .run(TinyNets.resnet(10), manager);
      assertThat(batches[0]).isEqualTo(1024);
      assertThat(arrays[1]).isEqualTo(arrays[0]);
      // Leaking one batch's activations would add hundreds of megabytes over these batches.
      assertThat(nativeBytes[1] - nativeBytes[0]).isLessThan(64L << 20);
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

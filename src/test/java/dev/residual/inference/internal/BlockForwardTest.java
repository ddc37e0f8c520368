package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.checkpoints.CheckpointMetadata;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's forward pass: probabilities per image, and nothing left behind after a batch. */
class BlockForwardTest {

  private final CheckpointMetadata metadata =
      TinyCheckpoints.metadata(TinyCheckpoints.TINY, 1, 28, TinyCheckpoints.classes(10));

  @Test
  void answersOneProbabilityRowPerImage() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = TinyCheckpoints.block(metadata, manager, 4);
      BlockForward forward = new BlockForward(manager, block, new int[] {1, 28, 28}, 8);
      float[] dark = new float[28 * 28];
      float[] light = new float[28 * 28];
      Arrays.fill(light, 2f);

      List<float[]> rows = forward.process(List.of(dark, light, dark));

      assertThat(rows).hasSize(3);
      for (float[] row : rows) {
        double sum = 0;
        for (float p : row) {
          assertThat(p).isBetween(0f, 1f);
          sum += p;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
      }
      assertThat(rows.get(2)).containsExactly(rows.get(0));
    }
  }

  @Test
  void aThousandBatchesLeaveNoArraysAndNoNativeGrowth() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = TinyCheckpoints.block(metadata, manager, 4);
      BlockForward forward = new BlockForward(manager, block, new int[] {1, 28, 28}, 8);
      List<float[]> batch = Collections.nCopies(8, new float[28 * 28]);
      for (int i = 0; i < 50; i++) {
        forward.process(batch); // allocator and JIT warm
      }
      int arrays = manager.getManagedArrays().size();
      long before = nativeResidentBytes();

      for (int i = 0; i < 1000; i++) {
        forward.process(batch);
      }

      assertThat(manager.getManagedArrays()).hasSize(arrays);
      // Keeping each batch's activations would add hundreds of megabytes over these batches.
      assertThat(nativeResidentBytes() - before).isLessThan(64L << 20);
    }
  }

  /** Resident set size less the JVM heap's committed size, after a collection. */
  private static long nativeResidentBytes() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024 - heap;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

  /** Two 2x2 RGB images, HWC: pixel (y, x) of image i has channel values 10i + (0, 100, 200). */
  private static ImageSplit rgb() {
    byte[] pixels = new byte[2 * 2 * 2 * 3];
    for (int i = 0; i < 2; i++) {
      for (int p = 0; p < 4; p++) {
        for (int c = 0; c < 3; c++) {
          pixels[(i * 4 + p) * 3 + c] = (byte) (10 * i + p + 100 * c);
        }
      }
    }
    return new ImageSplit(2, 3, 2, 2, pixels, new int[] {4, 7});
  }

  @Test
  void uploadsBytesAndNormalisesPerChannelInNchw() {
    Normalization stats =
        new Normalization(new float[] {0.1f, 0.5f, 0.9f}, new float[] {0.5f, 0.25f, 0.125f});
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(rgb(), stats, null, 2, manager)) {
      NDList batch = loader.batch(manager, new int[] {1, 0}, 0);
      assertThat(batch.get(0).getShape()).isEqualTo(new Shape(2, 3, 2, 2));
      float[] x = batch.get(0).toFloatArray();
      float[] mean = {0.1f, 0.5f, 0.9f};
      float[] std = {0.5f, 0.25f, 0.125f};
      for (int n = 0; n < 2; n++) {
        int image = n == 0 ? 1 : 0;
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < 4; p++) {
            double raw = 10 * image + p + 100 * c;
            double expected = (raw / 255 - mean[c]) / std[c];
            assertThat((double) x[((n * 3 + c) * 4) + p]).isCloseTo(expected, within(1e-5));
          }
        }
      }
      assertThat(batch.get(1).toLongArray()).containsExactly(7, 4);
    }
  }

  @Test
  void resizesBilinearlyLikePyTorchWithoutAlignedCorners() {
    // One 1x2 -> 4x4 image: a row [0, 200] becomes [0, 50, 150, 200] (src = (dst + 0.5) / 2 - 0.5).
    ImageSplit split =
        new ImageSplit(1, 1, 2, 2, new byte[] {0, (byte) 200, 0, (byte) 200}, new int[] {0});
    Normalization identity = new Normalization(new float[] {0}, new float[] {1});
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(split, identity, 4, 1, manager)) {
      NDList batch = loader.batch(manager, loader.inOrder(), 0);
      assertThat(batch.get(0).getShape()).isEqualTo(new Shape(1, 1, 4, 4));
      float[] row = Arrays.copyOfRange(batch.get(0).toFloatArray(), 4, 8);
      float[] expected = {0, 50 / 255f, 150 / 255f, 200 / 255f};
      for (int i = 0; i < 4; i++) {
        assertThat(row[i]).isCloseTo(expected[i], within(1e-6f));
      }
      assertThat(loader.inputShape()).isEqualTo(new Shape(1, 1, 4, 4));
    }
  }

  @Test
  void shufflesDeterministicallyPerSeedAndEpoch() {
    ImageSplit split = new ImageSplit(100, 1, 1, 1, new byte[100], new int[100]);
    Normalization identity = new Normalization(new float[] {0}, new float[] {1});
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(split, identity, null, 10, manager)) {
      int[] first = loader.shuffled(42, 0);
      assertThat(loader.shuffled(42, 0)).containsExactly(first);
      assertThat(loader.shuffled(42, 1)).isNotEqualTo(first);
      assertThat(loader.shuffled(43, 0)).isNotEqualTo(first);
      int[] sorted = first.clone();
      Arrays.sort(sorted);
      assertThat(sorted).containsExactly(loader.inOrder());
    }
  }

  @Test
  void countsBatches() {
    ImageSplit split = new ImageSplit(10, 1, 1, 1, new byte[10], new int[10]);
    Normalization identity = new Normalization(new float[] {0}, new float[] {1});
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(split, identity, null, 4, manager);
        BatchLoader big = new BatchLoader(split, identity, null, 64, manager)) {
      assertThat(loader.trainBatches(null)).isEqualTo(2);
      assertThat(loader.trainBatches(1)).isEqualTo(1);
      assertThat(loader.validBatches(null)).isEqualTo(3);
      assertThat(loader.batchLength(loader.inOrder(), 2)).isEqualTo(2);
      assertThat(big.trainBatches(null)).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  new BatchLoader(
                      split, new Normalization(new float[3], new float[3]), null, 4, manager))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

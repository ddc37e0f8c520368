package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.residual.datasets.ImageResampler;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {

  /** A 3x4 grey image whose pixel (y, x) is 10y + x + 1. */
  private static byte[] ramp() {
    byte[] pixels = new byte[12];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        pixels[y * 4 + x] = (byte) (10 * y + x + 1);
      }
    }
    return pixels;
  }

  private static int[] written(byte[] bytes) {
    int[] values = new int[bytes.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = bytes[i] & 0xff;
    }
    return values;
  }

  @Test
  void flipMirrorsEachRow() {
    byte[] out = new byte[12];
    ImageAugmenter.shifted(ramp(), 0, 3, 4, 1, 0, 0, true, out);
    assertThat(written(out)).containsExactly(4, 3, 2, 1, 14, 13, 12, 11, 24, 23, 22, 21);
  }

  @Test
  void padAndCropShiftsTheWindowAndFillsWithBlack() {
    byte[] out = new byte[12];
    // Window moved one row down and one column left in the padded image.
    ImageAugmenter.shifted(ramp(), 0, 3, 4, 1, 1, -1, false, out);
    assertThat(written(out)).containsExactly(0, 11, 12, 13, 0, 21, 22, 23, 0, 0, 0, 0);
  }

  @Test
  void interleavedChannelsMoveTogether() {
    byte[] rgb = {1, 2, 3, 4, 5, 6};
    byte[] out = new byte[6];
    ImageAugmenter.shifted(rgb, 0, 1, 2, 3, 0, 0, true, out);
    assertThat(written(out)).containsExactly(4, 5, 6, 1, 2, 3);
  }

  @Test
  void randomBoxesKeepAreaAndAspectWithinBounds() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 1_000; i++) {
      ImageResampler.Box box = ImageAugmenter.randomBox(100, 160, 0.35, random);
      double area = (double) box.height() * box.width() / (100 * 160);
      double ratio = (double) box.width() / box.height();
      assertThat(box.y()).isBetween(0, 100 - box.height());
      assertThat(box.x()).isBetween(0, 160 - box.width());
      if (box.height() != 100 || box.width() != 160) {
        assertThat(area).isBetween(0.33, 1.01);
        assertThat(ratio).isBetween(0.74, 1.35);
      }
    }
  }

  @Test
  void resamplingTheWholeImageToItsOwnSizeIsTheIdentity() {
    byte[] out = new byte[12];
    ImageResampler.resize(
        ramp(), 0, 3, 4, 1, new ImageResampler.Box(0, 0, 3, 4), false, out, 0, 3, 4);
    assertThat(written(out)).containsExactly(1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
  }

  @Test
  void resamplingACropHalvesLikeBilinearInterpolation() {
    byte[] out = new byte[2];
    // The 2x2 window at (1, 2) (values 13 14 / 23 24) shrunk to 1x2: rows averaged, columns kept.
    ImageResampler.resize(
        ramp(), 0, 3, 4, 1, new ImageResampler.Box(1, 2, 2, 2), false, out, 0, 1, 2);
    assertThat(written(out)).containsExactly(18, 19);
  }

  @Test
  void batchesAreAugmentedReproduciblyPerSeedAndDifferentlyAcrossSeeds() {
    int n = 32;
    byte[] pixels = new byte[n * 12];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ramp(), 0, pixels, i * 12, 12);
    }
    ImageSplit split = new ImageSplit(n, 1, 3, 4, pixels, new int[n]);
    Normalization identity = new Normalization(new float[] {0}, new float[] {1 / 255f});
    Augmentation flipAndPad = new Augmentation(true, Augmentation.Crop.PAD, 1, 1);
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(split, identity, null, n, manager)) {
      int[] order = loader.inOrder();
      float[] first = images(loader, manager, order, flipAndPad, 5);
      float[] again = images(loader, manager, order, flipAndPad, 5);
      float[] other = images(loader, manager, order, flipAndPad, 6);
      assertThat(again).containsExactly(first);
      assertThat(other).isNotEqualTo(first);
      // 32 images, 2 flips x 9 shifts: several distinct variants appear.
      Set<String> variants = new HashSet<>();
      for (int i = 0; i < n; i++) {
        variants.add(
            java.util.Arrays.toString(java.util.Arrays.copyOfRange(first, i * 12, i * 12 + 12)));
      }
      assertThat(variants.size()).isGreaterThan(5);
      // Validation batches are never augmented.
      try (NDManager batch = manager.newSubManager()) {
        NDList plain = loader.batch(batch, order, 0);
        assertThat(rounded(plain.get(0).toFloatArray())).startsWith(1, 2, 3, 4, 11, 12, 13, 14);
      }
    }
  }

  @Test
  void randomResizedCropsProduceTheRequestedSize() {
    byte[] pixels = new byte[2 * 40 * 30 * 3];
    ImageSplit split = new ImageSplit(2, 3, 40, 30, pixels, new int[2]);
    Normalization stats = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    Augmentation rrc = new Augmentation(true, Augmentation.Crop.RANDOM_RESIZED, 0, 0.35);
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(split, stats, null, 2, manager);
        NDManager batch = manager.newSubManager()) {
      NDList out = loader.batch(batch, loader.inOrder(), 0, 16, rrc, 1);
      assertThat(out.get(0).getShape().getShape()).containsExactly(2, 3, 16, 16);
    }
  }

  private static float[] images(
      BatchLoader loader, NDManager manager, int[] order, Augmentation a, long seed) {
    try (NDManager batch = manager.newSubManager()) {
      return rounded(loader.batch(batch, order, 0, null, a, seed).get(0).toFloatArray());
    }
  }

  private static float[] rounded(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.round(values[i]);
    }
    return out;
  }
}

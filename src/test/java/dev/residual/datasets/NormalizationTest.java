package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void computesPerChannelStatisticsOverInterleavedPixels() {
    // Two 1×2 RGB images in HWC order: R is 0 or 255, G always 51, B 0, 51, 102, 153.
    byte[] pixels = {0, 51, 0, (byte) 255, 51, 51, 0, 51, 102, (byte) 255, 51, (byte) 153};
    ImageSplit split = new ImageSplit(2, 3, 1, 2, pixels, new int[] {0, 1});

    Normalization normalization = Normalization.of(split);

    assertThat(normalization.mean()[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(normalization.std()[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(normalization.mean()[1]).isCloseTo(0.2f, within(1e-6f));
    assertThat(normalization.std()[1]).isCloseTo(0f, within(1e-6f));
    // B: 0, 0.2, 0.4, 0.6 has mean 0.3 and population std sqrt(0.05).
    assertThat(normalization.mean()[2]).isCloseTo(0.3f, within(1e-6f));
    assertThat(normalization.std()[2]).isCloseTo((float) Math.sqrt(0.05), within(1e-6f));
  }

  @Test
  void keepsItsArraysToItself() {
    float[] mean = {0.5f};
    Normalization normalization = new Normalization(mean, new float[] {0.25f});

    mean[0] = 9f;
    normalization.mean()[0] = 9f;

    assertThat(normalization.mean()).containsExactly(0.5f);
    assertThat(normalization.toString()).isEqualTo("Normalization[mean=[0.5], std=[0.25]]");
  }

  @Test
  void needsOneStatisticPerChannel() {
    assertThatThrownBy(() -> new Normalization(new float[] {0.1f, 0.2f}, new float[] {0.3f}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

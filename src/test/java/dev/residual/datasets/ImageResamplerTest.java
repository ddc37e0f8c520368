package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resampler at scale 1, where the copy it takes must equal what its filter computes. */
class ImageResamplerTest {

  private static byte[] random(int h, int w, int c, long seed) {
    byte[] image = new byte[h * w * c];
    new Random(seed).nextBytes(image);
    return image;
  }

  @ParameterizedTest
  @CsvSource({"28, 1", "33, 3", "1, 1", "7, 3"})
  void aSameSizeResizeReturnsTheImage(int side, int channels) {
    byte[] image = random(side, side, channels, side);

    assertThat(ImageResampler.resize(image, channels, side, side)).isEqualTo(image);
  }

  @ParameterizedTest
  @CsvSource({"1", "3"})
  void aCropAtScaleOneCopiesTheBoxIntoPlace(int channels) {
    int h = 9;
    int w = 12;
    byte[] image = random(h, w, channels, 7);
    ImageResampler.Box box = new ImageResampler.Box(2, 3, 5, 6);
    byte[] out = new byte[3 + 5 * 6 * channels];

    ImageResampler.resize(image, 0, h, w, channels, box, false, out, 3, 5, 6);

    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 6; x++) {
        for (int k = 0; k < channels; k++) {
          assertThat(out[3 + (y * 6 + x) * channels + k])
              .isEqualTo(image[((2 + y) * w + 3 + x) * channels + k]);
        }
      }
    }
  }

  /** The mirrored pass runs the filter itself: at scale 1 it is an exact copy too. */
  @ParameterizedTest
  @CsvSource({"28, 1", "33, 3"})
  void theFilterAtScaleOneMovesPixelsWithoutChangingThem(int side, int channels) {
    byte[] image = random(side, side, channels, 3);
    byte[] mirrored = new byte[image.length];

    ImageResampler.resize(
        image,
        0,
        side,
        side,
        channels,
        ImageResampler.Box.whole(side, side),
        true,
        mirrored,
        0,
        side,
        side);

    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        for (int k = 0; k < channels; k++) {
          assertThat(mirrored[(y * side + x) * channels + k])
              .isEqualTo(image[(y * side + side - 1 - x) * channels + k]);
        }
      }
    }
  }
}

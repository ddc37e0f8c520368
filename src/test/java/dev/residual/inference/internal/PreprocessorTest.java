package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

  private static final ModelInput GREY_28 =
      new ModelInput(1, 28, 28, new float[] {0.286f}, new float[] {0.353f});

  @Test
  void aGreyImageOfTheTrainedSizeIsOnlyScaledAndNormalised() {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }

    float[] x = Preprocessor.toInput(TestImages.grey(28, 28, pixels), GREY_28);

    assertThat(x).hasSize(28 * 28);
    for (int i = 0; i < pixels.length; i++) {
      float expected = ((pixels[i] & 0xff) / 255f - 0.286f) / 0.353f;
      assertThat(x[i]).isCloseTo(expected, within(1e-5f));
    }
  }

  @Test
  void colourBecomesGreyWithLumaWeightsForAGreyModel() {
    ModelInput raw = new ModelInput(1, 2, 2, new float[] {0}, new float[] {1});

    float[] red = Preprocessor.toInput(TestImages.filled(2, 2, Color.RED), raw);
    float[] green = Preprocessor.toInput(TestImages.filled(2, 2, Color.GREEN), raw);

    assertThat(red[0]).isCloseTo(0.299f, within(1e-4f));
    assertThat(green[3]).isCloseTo(0.587f, within(1e-4f));
  }

  @Test
  void greyIsRepeatedAndColourKeptForAColourModel() {
    ModelInput rgb =
        new ModelInput(3, 2, 2, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.25f, 1f});

    float[] grey = Preprocessor.toInput(TestImages.grey(2, 2, new byte[] {-1, -1, -1, -1}), rgb);
    float[] orange = Preprocessor.toInput(TestImages.filled(2, 2, new Color(255, 128, 0)), rgb);

    assertThat(grey).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 0.5f, 0.5f, 0.5f, 0.5f);
    assertThat(orange[0]).isCloseTo(1f, within(1e-5f)); // (1 - 0.5) / 0.5
    assertThat(orange[4]).isCloseTo((128 / 255f - 0.5f) / 0.25f, within(1e-5f));
    assertThat(orange[8]).isCloseTo(-0.5f, within(1e-5f));
  }

  @Test
  void sixteenBitGreyIsScaledByItsOwnRange() {
    BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 65535);
    ModelInput raw = new ModelInput(1, 1, 1, new float[] {0}, new float[] {1});

    assertThat(Preprocessor.toInput(deep, raw)[0]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void resizesToTheTrainedSizeAveragingWhenItShrinks() {
    // A fine checkerboard shrunk 4× must average to grey, not alias to black or white.
    byte[] board = new byte[112 * 112];
    for (int y = 0; y < 112; y++) {
      for (int x = 0; x < 112; x++) {
        board[y * 112 + x] = (byte) ((x + y) % 2 == 0 ? 255 : 0);
      }
    }
    ModelInput raw = new ModelInput(1, 28, 28, new float[] {0}, new float[] {1});

    float[] x = Preprocessor.toInput(TestImages.grey(112, 112, board), raw);

    assertThat(x).hasSize(28 * 28);
    for (float v : x) {
      assertThat(v).isCloseTo(0.5f, within(0.05f));
    }
    float[] flat = Preprocessor.toInput(TestImages.filled(10, 10, Color.WHITE), raw);
    for (float v : flat) {
      assertThat(v).isCloseTo(1f, within(1e-5f)); // upscaling keeps a flat image flat
    }
  }

  @Test
  void mirrorFlipsEachRowOfEachChannel() {
    ModelInput input = new ModelInput(3, 1, 3, new float[3], new float[] {1, 1, 1});
    float[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    assertThat(Preprocessor.mirror(chw, input)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
  }
}

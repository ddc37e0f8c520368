package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.support.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

  private final ImagePipeline pipeline = new ImagePipeline(89_478_485L);

  private static ImagePipeline.Input input(int channels, int size, float mean, float std) {
    float[] means = new float[channels];
    float[] stds = new float[channels];
    java.util.Arrays.fill(means, mean);
    java.util.Arrays.fill(stds, std);
    return new ImagePipeline.Input(channels, size, size, new Normalization(means, stds));
  }

  private float[] input(BufferedImage image, ImagePipeline.Input input) {
    return pipeline.input(TestImages.encode(image, "png"), "test.png", input);
  }

  @Test
  void aGreyImageOfTheTrainedSizeIsOnlyScaledAndNormalised() {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }

    float[] x = input(TestImages.grey(28, 28, pixels), input(1, 28, 0.286f, 0.353f));

    assertThat(x).hasSize(28 * 28);
    for (int i = 0; i < pixels.length; i++) {
      float expected = ((pixels[i] & 0xff) / 255f - 0.286f) / 0.353f;
      assertThat(x[i]).isCloseTo(expected, within(1e-5f));
    }
  }

  @Test
  void colourBecomesGreyWithLumaWeightsForAGreyModel() {
    ImagePipeline.Input raw = input(1, 2, 0, 1);

    float[] red = input(TestImages.filled(2, 2, Color.RED), raw);
    float[] green = input(TestImages.filled(2, 2, Color.GREEN), raw);

    assertThat(red[0]).isCloseTo(76 / 255f, within(1e-6f)); // round(0.299 × 255)
    assertThat(green[3]).isCloseTo(150 / 255f, within(1e-6f)); // round(0.587 × 255)
  }

  @Test
  void greyIsRepeatedAndColourKeptForAColourModel() {
    ImagePipeline.Input rgb =
        new ImagePipeline.Input(
            3,
            2,
            2,
            new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.25f, 1f}));

    float[] grey = input(TestImages.grey(2, 2, new byte[] {-1, -1, -1, -1}), rgb);
    float[] orange = input(TestImages.filled(2, 2, new Color(255, 128, 0)), rgb);

    assertThat(grey).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 0.5f, 0.5f, 0.5f, 0.5f);
    assertThat(orange[0]).isCloseTo(1f, within(1e-5f)); // (1 - 0.5) / 0.5
    assertThat(orange[4]).isCloseTo((128 / 255f - 0.5f) / 0.25f, within(1e-5f));
    assertThat(orange[8]).isCloseTo(-0.5f, within(1e-5f));
  }

  @Test
  void greyIsReadAsStoredNotThroughAColourConversion() {
    // getRGB would turn a linear-grey 128 into about 186.
    float[] x = input(TestImages.grey(1, 1, new byte[] {(byte) 128}), input(3, 1, 0, 1));

    assertThat(x).containsExactly(128 / 255f, 128 / 255f, 128 / 255f);
  }

  @Test
  void sixteenBitGreyIsScaledByItsOwnRange() {
    BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 65535);

    assertThat(input(deep, input(1, 1, 0, 1))[0]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void resizesToTheTrainedSizeAveragingWhenItShrinks() {
    // A checkerboard of 2-px squares shrunk 4× must average to grey, not alias to black or white:
    // the decoder's subsampling keeps every other pixel (a 1-px board at 56), the filter averages.
    byte[] board = new byte[112 * 112];
    for (int y = 0; y < 112; y++) {
      for (int x = 0; x < 112; x++) {
        board[y * 112 + x] = (byte) ((x / 2 + y / 2) % 2 == 0 ? 255 : 0);
      }
    }
    ImagePipeline.Input raw = input(1, 28, 0, 1);

    float[] x = input(TestImages.grey(112, 112, board), raw);

    assertThat(x).hasSize(28 * 28);
    for (float v : x) {
      assertThat(v).isCloseTo(0.5f, within(0.05f));
    }
    float[] flat = input(TestImages.filled(10, 10, Color.WHITE), raw);
    for (float v : flat) {
      assertThat(v).isEqualTo(1f); // upscaling keeps a flat image flat
    }
  }

  @Test
  void theSecondStageResizesFromTheStoredSizeWithTheSameFilter() {
    byte[] png = TestImages.encode(TestImages.natural(90, 60, 7, false), "png");
    ImagePipeline.Input twoStage =
        new ImagePipeline.Input(3, 40, 24, new Normalization(new float[3], new float[] {1, 1, 1}));

    byte[] stored = pipeline.store(png, "x.png", 3, 40);
    float[] expected =
        ImagePipeline.normalise(
            ImageResampler.resize(stored, 3, 40, 24), 3, 24, twoStage.normalization());

    assertThat(pipeline.input(png, "x.png", twoStage)).containsExactly(expected);
    assertThat(stored).hasSize(40 * 40 * 3);
  }

  @Test
  void mirrorFlipsEachRowOfEachChannel() {
    float[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    assertThat(ImagePipeline.mirror(chw, 3, 1, 3)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
  }
}

package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.residual.datasets.ImagePipeline;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import dev.residual.datasets.images.FolderLayout;
import dev.residual.datasets.images.ImageCacheBuilder;
import dev.residual.datasets.images.ImageDecoder;
import dev.residual.inference.internal.ModelInput;
import dev.residual.support.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same images through the dataset path (image-folder cache, then the training loader's batch at
 * the network's size) and through the prediction path (the pipeline with the checkpoint's input
 * description) give identical tensors, bit for bit: PNG and JPEG, grey and colour, landscape,
 * portrait and square, shrunk, kept and enlarged.
 */
class ImagePipelineParityTest {

  private static final long MAX_PIXELS = 89_478_485L;

  @TempDir Path dir;

  /** Original sizes: wide, tall, square, large, smaller than the stored side. */
  private static final int[][] SIZES = {{97, 61}, {45, 120}, {64, 64}, {300, 180}, {30, 26}};

  static Stream<Arguments> storedAndInputSizes() {
    return Stream.of(
        Arguments.of(48, 32), // the usual case: stored larger, trained smaller
        Arguments.of(40, 40), // trained at the stored size
        Arguments.of(24, 36)); // trained larger than stored
  }

  @ParameterizedTest(name = "stored at {0}, input {1}")
  @MethodSource("storedAndInputSizes")
  void datasetAndPredictionPathsGiveIdenticalTensors(int stored, int size) throws IOException {
    List<FolderLayout.Item> items = new ArrayList<>();
    List<byte[]> files = new ArrayList<>();
    int n = 0;
    for (int[] wh : SIZES) {
      for (String format : List.of("png", "jpeg")) {
        for (boolean grey : List.of(false, true)) {
          byte[] bytes = TestImages.encode(TestImages.natural(wh[0], wh[1], n, grey), format);
          Path file = dir.resolve("valid/c/" + n + (format.equals("png") ? ".png" : ".jpg"));
          Files.createDirectories(file.getParent());
          Files.write(file, bytes);
          items.add(new FolderLayout.Item(file, file.getFileName().toString(), 0));
          files.add(bytes);
          n++;
        }
      }
    }
    FolderLayout layout = new FolderLayout(dir, "split", List.of("c"), items, items, 0);
    ImageSplit cached =
        new ImageCacheBuilder(new ImageDecoder(MAX_PIXELS), 2)
            .build(layout, stored, (done, total) -> {})
            .valid();
    Normalization stats = Normalization.of(cached);
    ModelInput served = new ModelInput(3, size, size, stats.mean(), stats.std(), stored);
    ImagePipeline pipeline = new ImagePipeline(MAX_PIXELS);

    float[] batch;
    try (NDManager manager = NDManager.newBaseManager();
        BatchLoader loader = new BatchLoader(cached, stats, size, n, manager)) {
      batch = loader.batch(manager, loader.inOrder(), 0).get(0).toFloatArray();
    }

    int values = 3 * size * size;
    assertThat(batch).hasSize(n * values);
    for (int i = 0; i < n; i++) {
      float[] expected = java.util.Arrays.copyOfRange(batch, i * values, (i + 1) * values);
      float[] prediction = pipeline.input(files.get(i), "image " + i, served.pipeline());
      assertThat(prediction).as("image %d (%s)", i, items.get(i).shown()).containsExactly(expected);
    }
  }
}

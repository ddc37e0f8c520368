package dev.residual.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.LabeledDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetLoaderTest {

  private static final byte[] TRAIN_IMAGES = IdxFiles.ubyte(4, 2, 3);
  private static final byte[] VALID_IMAGES = IdxFiles.ubyte(2, 2, 3);
  private static final byte[] TRAIN_LABELS =
      IdxFiles.idx(8, new int[] {4}, new byte[] {0, 2, 1, 2});
  private static final byte[] VALID_LABELS = IdxFiles.idx(8, new int[] {2}, new byte[] {1, 0});

  @TempDir Path dir;

  private final IdxDatasetLoader loader = new IdxDatasetLoader(new IdxReader(1 << 20));

  @Test
  void loadsSplitsFromCompressedAndUnpackedFiles() throws IOException {
    write("train-images.gz", IdxFiles.gzip(TRAIN_IMAGES));
    write("train-labels", TRAIN_LABELS);
    write("valid-images.gz", IdxFiles.gzip(VALID_IMAGES));
    write("valid-labels.gz", IdxFiles.gzip(VALID_LABELS));

    LabeledDataset dataset =
        loader.load(spec(TRAIN_IMAGES, TRAIN_LABELS, new int[] {4, 2, 3}), dir);

    assertThat(dataset.name()).isEqualTo("tiny");
    assertThat(dataset.numClasses()).isEqualTo(3);
    ImageSplit train = dataset.train();
    assertThat(List.of(train.count(), train.channels(), train.height(), train.width()))
        .containsExactly(4, 1, 2, 3);
    assertThat(train.pixels()).isEqualTo(Arrays.copyOfRange(TRAIN_IMAGES, 16, TRAIN_IMAGES.length));
    assertThat(train.labels()).containsExactly(0, 2, 1, 2);
    assertThat(dataset.valid().labels()).containsExactly(1, 0);
  }

  @Test
  void rejectsLabelsOutsideTheClasses() throws IOException {
    byte[] badLabels = IdxFiles.idx(8, new int[] {4}, new byte[] {0, 2, 3, 1});
    writeAll(TRAIN_IMAGES, badLabels);

    assertThatThrownBy(() -> loader.load(spec(TRAIN_IMAGES, badLabels, new int[] {4, 2, 3}), dir))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("train-labels.gz: label 3 at index 2 is not below 3");
  }

  @Test
  void rejectsUnexpectedDimensions() throws IOException {
    writeAll(TRAIN_IMAGES, TRAIN_LABELS);

    assertThatThrownBy(
            () -> loader.load(spec(TRAIN_IMAGES, TRAIN_LABELS, new int[] {4, 3, 2}), dir))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("train-images.gz: holds 4×2×3 values, expected 4×3×2");
  }

  @Test
  void rejectsContentWithAnotherChecksum() throws IOException {
    byte[] otherImages = IdxFiles.ubyte(4, 2, 3);
    otherImages[otherImages.length - 1]++;
    writeAll(otherImages, TRAIN_LABELS);

    assertThatThrownBy(
            () -> loader.load(spec(TRAIN_IMAGES, TRAIN_LABELS, new int[] {4, 2, 3}), dir))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(
            "SHA-256 of the decompressed content is " + IdxFiles.sha256(otherImages))
        .hasMessageContaining("not the official train-images");
  }

  @Test
  void reportsAMissingFile() {
    assertThatThrownBy(
            () -> loader.load(spec(TRAIN_IMAGES, TRAIN_LABELS, new int[] {4, 2, 3}), dir))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("train-images.gz: missing");
  }

  private void writeAll(byte[] trainImages, byte[] trainLabels) throws IOException {
    write("train-images.gz", IdxFiles.gzip(trainImages));
    write("train-labels.gz", IdxFiles.gzip(trainLabels));
    write("valid-images.gz", IdxFiles.gzip(VALID_IMAGES));
    write("valid-labels.gz", IdxFiles.gzip(VALID_LABELS));
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  private static IdxDatasetSpec spec(byte[] trainImages, byte[] trainLabels, int[] imageDims) {
    return new IdxDatasetSpec(
        "tiny",
        List.of("a", "b", "c"),
        URI.create("http://127.0.0.1/"),
        new IdxFileSpec("train-images.gz", imageDims, IdxFiles.sha256(trainImages)),
        new IdxFileSpec("train-labels.gz", new int[] {4}, IdxFiles.sha256(trainLabels)),
        new IdxFileSpec("valid-images.gz", new int[] {2, 2, 3}, IdxFiles.sha256(VALID_IMAGES)),
        new IdxFileSpec("valid-labels.gz", new int[] {2}, IdxFiles.sha256(VALID_LABELS)));
  }
}

package dev.residual.datasets.idx;

import dev.residual.datasets.DatasetLocator;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.download.ContentVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Loads a built-in IDX dataset from a directory into a {@link LabeledDataset}, checking each file's
 * dimensions and the SHA-256 of its decompressed bytes in the same pass that parses it, and every
 * label against the class count.
 */
final class IdxDatasetLoader {

  private final IdxReader reader;

  IdxDatasetLoader(IdxReader reader) {
    this.reader = reader;
  }

  LabeledDataset load(IdxDatasetSpec spec, Path directory) throws IOException {
    int numClasses = spec.classes().size();
    ImageSplit train = split(directory, spec.trainImages(), spec.trainLabels(), numClasses);
    ImageSplit valid = split(directory, spec.validImages(), spec.validLabels(), numClasses);
    return new LabeledDataset(spec.name(), spec.classes(), train, valid);
  }

  private ImageSplit split(
      Path directory, IdxFileSpec imagesSpec, IdxFileSpec labelsSpec, int numClasses)
      throws IOException {
    IdxData images = read(directory, imagesSpec);
    Path labelsFile = file(directory, labelsSpec);
    IdxData labels = read(directory, labelsSpec);
    byte[] labelBytes = labels.values();
    int[] classes = new int[labelBytes.length];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = labelBytes[i] & 0xff;
      if (classes[i] >= numClasses) {
        throw new IdxFormatException(
            labelsFile, "label " + classes[i] + " at index " + i + " is not below " + numClasses);
      }
    }
    int[] dims = images.dimensions();
    return new ImageSplit(images.count(), 1, dims[1], dims[2], images.values(), classes);
  }

  private IdxData read(Path directory, IdxFileSpec spec) throws IOException {
    Path file = file(directory, spec);
    MessageDigest sha256 = ContentVerifier.sha256();
    IdxData data = reader.read(file, sha256);
    if (!Arrays.equals(data.dimensions(), spec.dimensions())) {
      throw new IdxFormatException(
          file,
          "holds "
              + IdxReader.shape(data.dimensions())
              + " values, expected "
              + IdxReader.shape(spec.dimensions()));
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(spec.sha256())) {
      throw new IdxFormatException(
          file,
          "SHA-256 of the decompressed content is "
              + actual
              + ", expected "
              + spec.sha256()
              + ": the file is corrupt or not the official "
              + spec.rawName());
    }
    return data;
  }

  private static Path file(Path directory, IdxFileSpec spec) throws IdxFormatException {
    return DatasetLocator.find(directory, spec)
        .orElseThrow(() -> new IdxFormatException(directory.resolve(spec.fileName()), "missing"));
  }
}

package dev.residual.datasets.idx;

import dev.residual.datasets.download.ExpectedContent;

/**
 * One IDX file of a built-in dataset: its upstream name (gzip-compressed), its dimensions and the
 * SHA-256 of its decompressed bytes. The decompressed bytes are what is checked, because the same
 * content is shipped in different gzip encodings (Debian's differ from upstream's).
 */
public record IdxFileSpec(String fileName, int[] dimensions, String sha256) {

  /** The name without {@code .gz}, as a user may have unpacked it. */
  public String rawName() {
    return fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
  }

  int count() {
    return dimensions[0];
  }

  /** Size of the decompressed file: magic, one int per dimension, one byte per value. */
  public long contentSize() {
    long values = 1;
    for (int dim : dimensions) {
      values *= dim;
    }
    return 4L + 4L * dimensions.length + values;
  }

  ExpectedContent expectedContent() {
    return new ExpectedContent(contentSize(), sha256);
  }
}

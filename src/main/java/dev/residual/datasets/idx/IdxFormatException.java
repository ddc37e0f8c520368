package dev.residual.datasets.idx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that cannot be used: a bad header, sizes that disagree with its length, a corrupt
 * gzip stream or content that is not what the dataset promises. The message names the file.
 */
public class IdxFormatException extends IOException {

  IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}

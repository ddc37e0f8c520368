package dev.residual.datasets.download;

import java.io.IOException;
import java.nio.file.Path;

/** Verifies a downloaded file before it is moved into place; throws when it is not right. */
@FunctionalInterface
public interface FileCheck {

  void verify(Path file, String label) throws IOException;
}

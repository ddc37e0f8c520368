package dev.residual.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** Verifies a downloaded file before it is moved into place; throws when it is not right. */
@FunctionalInterface
interface FileCheck {

  void verify(Path file, String label) throws IOException;
}

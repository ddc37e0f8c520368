package dev.residual.datasets.upload;

import dev.residual.datasets.archive.Rejections;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams an upload to a file in 64 KiB chunks, never holding it in memory, and stops as soon as it
 * passes the size limit. A read failure is the client's (an aborted upload), a write failure the
 * server's.
 */
final class UploadReceiver {

  private static final int BUFFER = 64 * 1024;

  private UploadReceiver() {}

  static long receive(InputStream body, Path target, long maxBytes) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw Rejections.invalid("the upload was interrupted (" + e.getMessage() + ")");
        }
        if (n < 0) {
          return total;
        }
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    }
  }

  static RuntimeException tooLarge(long maxBytes) {
    return Rejections.tooLarge(
        "the archive is larger than residual.datasets.max-archive-size (" + maxBytes + " bytes)");
  }
}

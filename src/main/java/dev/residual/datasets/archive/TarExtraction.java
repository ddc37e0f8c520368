package dev.residual.datasets.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a tar, plain or gzip-compressed, as the stream it is. Only regular files and directories
 * are accepted: symbolic and hard links, devices, FIFOs and sparse files are refused, as a link is
 * the other classic way out of the extraction directory. For a gzip stream the ratio guard watches
 * the whole stream, skipped entries included.
 */
final class TarExtraction {

  private static final int BUFFER = 64 * 1024;

  private TarExtraction() {}

  static void extract(Path archive, boolean gzip, ExtractionSink sink, ArchiveLimits limits)
      throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
      RatioGuard.Counting compressed = new RatioGuard.Counting(file);
      InputStream content = file;
      if (gzip) {
        try {
          content =
              new RatioGuard(
                  GzipCompressorInputStream.builder()
                      .setInputStream(compressed)
                      .setDecompressConcatenated(true)
                      .get(),
                  compressed::count,
                  limits,
                  "gzip stream");
        } catch (IOException e) {
          throw Rejections.invalid("gzip stream is corrupt (" + e.getMessage() + ")");
        }
      }
      extractEntries(new TarArchiveInputStream(content), sink);
    }
  }

  private static void extractEntries(TarArchiveInputStream tar, ExtractionSink sink)
      throws IOException {
    boolean any = false;
    while (true) {
      TarArchiveEntry entry;
      try {
        entry = tar.getNextEntry();
      } catch (IOException e) {
        throw ExtractionSink.corrupt("the next tar header", e);
      }
      if (entry == null) {
        break;
      }
      any = true;
      String name = entry.getName();
      if (entry.isSymbolicLink()) {
        ExtractionSink.refuse("symbolic link", name);
      } else if (entry.isLink()) {
        ExtractionSink.refuse("hard link", name);
      } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        ExtractionSink.refuse("device or FIFO", name);
      } else if (entry.isSparse()) {
        ExtractionSink.refuse("sparse file", name);
      } else if (!entry.isDirectory() && !entry.isFile()) {
        ExtractionSink.refuse("entry of an unsupported type", name);
      }
      String relative = sink.accept(name, entry.isDirectory());
      if (relative != null) {
        sink.write(relative, tar, entry.getSize());
      }
    }
    if (!any) {
      throw Rejections.invalid("tar archive is empty, truncated or not a tar archive");
    }
  }
}

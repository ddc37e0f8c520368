package dev.residual.datasets.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a dataset archive ({@code .zip}, {@code .tar}, {@code .tar.gz}/{@code .tgz}) into a new
 * directory, safely: the format is recognised from the content, never the file name; every entry
 * passes {@link EntryNames} and the {@link ArchiveLimits}; links and special files are refused.
 * Only files {@code wanted} (images) are written; the others are counted as skipped.
 *
 * <p>On a refusal it throws {@link dev.residual.system.DomainException} (400 or 413) with the
 * reason and leaves whatever it wrote for the caller, who owns {@code target}, to delete.
 */
public final class ArchiveExtractor {

  /** What an extraction wrote: files, entries skipped as not wanted, and bytes. */
  public record Result(int files, int skipped, long bytes) {}

  private final ArchiveLimits limits;

  public ArchiveExtractor(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * Extracts {@code archive} below {@code target}, which must be a new, empty directory.
   *
   * @throws IOException when the target cannot be written (the server's fault, not the client's)
   */
  public Result extract(Path archive, Path target, Predicate<String> wanted) throws IOException {
    ExtractionSink sink = new ExtractionSink(target, limits, wanted);
    switch (detect(archive)) {
      case ZIP -> ZipExtraction.extract(archive, sink, limits);
      case TAR -> TarExtraction.extract(archive, false, sink, limits);
      case TAR_GZ -> TarExtraction.extract(archive, true, sink, limits);
    }
    return sink.result();
  }

  enum Format {
    ZIP,
    TAR,
    TAR_GZ
  }

  static Format detect(Path archive) throws IOException {
    byte[] head = new byte[512];
    int n;
    try (InputStream in = Files.newInputStream(archive)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
      return Format.ZIP;
    }
    if (GzipCompressorInputStream.matches(head, n)) {
      if (!gzipHoldsTar(archive)) {
        throw Rejections.invalid("the gzip file does not hold a tar archive");
      }
      return Format.TAR_GZ;
    }
    if (TarArchiveInputStream.matches(head, n)) {
      return Format.TAR;
    }
    if (n == 0) {
      throw Rejections.invalid("the archive is empty");
    }
    throw Rejections.invalid("not a zip, tar or tar.gz archive (unrecognised content)");
  }

  private static boolean gzipHoldsTar(Path archive) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        InputStream gzip = new GzipCompressorInputStream(in)) {
      byte[] head = new byte[512];
      int n = gzip.readNBytes(head, 0, head.length);
      return TarArchiveInputStream.matches(head, n);
    } catch (IOException e) {
      throw Rejections.invalid("gzip stream is truncated or corrupt (" + e.getMessage() + ")");
    }
  }
}

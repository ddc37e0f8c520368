package dev.residual.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds archives for tests, hostile ones included: any entry name, links, duplicates, and large
 * entries of zeros streamed from a generator rather than held in memory.
 */
public final class TestArchives {

  /** One entry: a file (with content or {@code zeros} bytes of zeros), a directory or a link. */
  public record Entry(String name, byte[] content, long zeros, char type, String linkTarget) {

    public static Entry file(String name, byte[] content) {
      return new Entry(name, content, 0, 'f', null);
    }

    public static Entry zeros(String name, long bytes) {
      return new Entry(name, null, bytes, 'f', null);
    }

    public static Entry directory(String name) {
      return new Entry(name, null, 0, 'd', null);
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, null, 0, 's', target);
    }

    public static Entry hardlink(String name, String target) {
      return new Entry(name, null, 0, 'h', target);
    }

    long size() {
      return content != null ? content.length : zeros;
    }
  }

  private TestArchives() {}

  public static Entry[] files(Map<String, byte[]> files, String prefix) {
    return files.entrySet().stream()
        .map(e -> Entry.file(prefix + e.getKey(), e.getValue()))
        .toArray(Entry[]::new);
  }

  public static byte[] zip(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Entry entry : entries) {
        ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
        if (entry.type() == 's') {
          zipEntry.setUnixMode(0120777);
          zip.putArchiveEntry(zipEntry);
          zip.write(entry.linkTarget().getBytes());
        } else {
          zip.putArchiveEntry(zipEntry);
          write(zip, entry);
        }
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] tar(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeTar(bytes, entries);
    return bytes.toByteArray();
  }

  public static byte[] tgz(Entry... entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes)) {
      writeTar(gzip, entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeTar(OutputStream out, Entry... entries) {
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry entry : entries) {
        TarArchiveEntry tarEntry =
            switch (entry.type()) {
              case 's' -> link(entry, TarConstants.LF_SYMLINK);
              case 'h' -> link(entry, TarConstants.LF_LINK);
              case 'd' -> new TarArchiveEntry(entry.name(), true);
              default -> {
                // true: keep a leading '/', which the library would otherwise strip.
                TarArchiveEntry file = new TarArchiveEntry(entry.name(), true);
                file.setSize(entry.size());
                yield file;
              }
            };
        tar.putArchiveEntry(tarEntry);
        write(tar, entry);
        tar.closeArchiveEntry();
      }
      tar.finish();
      tar.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TarArchiveEntry link(Entry entry, byte type) {
    TarArchiveEntry link = new TarArchiveEntry(entry.name(), type, true);
    link.setLinkName(entry.linkTarget());
    return link;
  }

  private static void write(OutputStream out, Entry entry) throws IOException {
    if (entry.content() != null) {
      out.write(entry.content());
    } else if (entry.zeros() > 0) {
      byte[] zeros = new byte[64 * 1024];
      for (long left = entry.zeros(); left > 0; left -= zeros.length) {
        out.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    }
  }
}

package dev.residual.datasets.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the entries of one archive land, whatever its format: it counts entries, refuses unsafe or
 * duplicate names, skips what is not wanted, and writes the rest under the limits. Files are only
 * ever created new ({@code CREATE_NEW}, no link followed) below a directory this extraction made,
 * so nothing outside it can be reached or overwritten.
 */
final class ExtractionSink {

  private static final int BUFFER = 64 * 1024;

  private final Path target;
  private final ArchiveLimits limits;
  private final Predicate<String> wanted;
  private final Set<String> names = new HashSet<>();
  private int entries;
  private int files;
  private int skipped;
  private long total;

  ExtractionSink(Path target, ArchiveLimits limits, Predicate<String> wanted) {
    this.target = target.toAbsolutePath().normalize();
    this.limits = limits;
    this.wanted = wanted;
  }

  /**
   * Registers one entry and says where to write it: {@code null} for a directory or a skipped file.
   */
  String accept(String rawName, boolean directory) {
    entries++;
    if (entries > limits.maxEntries()) {
      throw Rejections.tooLarge("archive has more than " + limits.maxEntries() + " entries");
    }
    String relative = EntryNames.safeRelative(rawName);
    if (relative.isEmpty()) {
      return null;
    }
    if (directory) {
      // A directory may be listed twice harmlessly; a file of the same name may not exist.
      if (names.contains(relative)) {
        throw Rejections.invalid("archive has a duplicate entry " + EntryNames.printable(rawName));
      }
      names.add(relative + "/");
      if (!EntryNames.isMetadata(relative)) {
        directory(relative);
      }
      return null;
    }
    if (!names.add(relative) || names.contains(relative + "/")) {
      throw Rejections.invalid("archive has a duplicate entry " + EntryNames.printable(rawName));
    }
    if (EntryNames.isMetadata(relative) || !wanted.test(relative)) {
      skipped++;
      if (!EntryNames.isMetadata(relative)) {
        // The folder stays even without its file, so that a class with no images is noticed.
        int slash = relative.lastIndexOf('/');
        if (slash > 0) {
          directory(relative.substring(0, slash));
        }
      }
      return null;
    }
    return relative;
  }

  private void directory(String relative) {
    Path dir = inside(relative);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw Rejections.invalid("archive directory " + relative + " conflicts with a file");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path inside(String relative) {
    Path out = target.resolve(relative).normalize();
    if (!out.startsWith(target) || out.equals(target)) {
      // EntryNames already refused this; checked again where the path becomes real.
      throw Rejections.invalid("archive entry escapes the dataset directory: " + relative);
    }
    return out;
  }

  /** Refuses an entry type that has no place in a dataset. */
  static void refuse(String kind, String rawName) {
    throw Rejections.invalid("archive entry " + EntryNames.printable(rawName) + " is a " + kind);
  }

  void write(String relative, InputStream data, long declaredSize) throws IOException {
    long maxEntry = limits.maxEntrySize().toBytes();
    if (declaredSize > maxEntry) {
      throw entryTooLarge(relative);
    }
    Path out = inside(relative);
    try {
      Files.createDirectories(out.getParent());
    } catch (FileAlreadyExistsException e) {
      throw Rejections.invalid("archive entry " + relative + " is below a file of the same name");
    }
    long written = 0;
    byte[] buffer = new byte[BUFFER];
    try (OutputStream sink =
        Files.newOutputStream(
            out,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = readArchive(data, buffer, relative)) >= 0) {
        written += n;
        total += n;
        if (written > maxEntry) {
          throw entryTooLarge(relative);
        }
        if (total > limits.maxTotalSize().toBytes()) {
          throw Rejections.tooLarge(
              "archive expands to more than " + limits.maxTotalSize().toBytes() + " bytes");
        }
        sink.write(buffer, 0, n);
      }
    } catch (FileAlreadyExistsException e) {
      throw Rejections.invalid("archive entry " + relative + " conflicts with another entry");
    } catch (FileSystemException e) {
      if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
        throw Rejections.invalid("archive entry " + relative + " conflicts with a directory");
      }
      throw e;
    }
    files++;
  }

  /** Reads archive data; a read failure is the archive's fault, a write failure is ours. */
  static int readArchive(InputStream data, byte[] buffer, String what) {
    try {
      return data.read(buffer);
    } catch (IOException e) {
      throw corrupt(what, e);
    }
  }

  static RuntimeException corrupt(String what, IOException e) {
    return Rejections.invalid(
        "archive is truncated or corrupt at " + what + " (" + e.getMessage() + ")");
  }

  ArchiveExtractor.Result result() {
    return new ArchiveExtractor.Result(files, skipped, total);
  }

  private RuntimeException entryTooLarge(String relative) {
    return Rejections.tooLarge(
        "archive entry "
            + relative
            + " is larger than "
            + limits.maxEntrySize().toBytes()
            + " bytes");
  }
}

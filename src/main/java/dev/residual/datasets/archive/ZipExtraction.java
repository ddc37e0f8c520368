package dev.residual.datasets.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * Extracts a zip through its central directory, which is what makes a truncated archive detectable
 * (the directory is at the end) and duplicates visible before anything is written. The entry count
 * is read from the end record first, and the directory's headers are counted, because the library
 * parses the whole directory into memory when it opens the file.
 */
final class ZipExtraction {

  private static final int END_RECORD = 0x06054b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int CENTRAL_HEADER_LENGTH = 46;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_END_RECORD = 0x06064b50;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;

  private ZipExtraction() {}

  static void extract(Path archive, ExtractionSink sink, ArchiveLimits limits) throws IOException {
    Directory directory = directory(archive);
    if (directory.entries() > limits.maxEntries()) {
      throw Rejections.tooLarge(
          "archive declares " + directory.entries() + " entries, more than " + limits.maxEntries());
    }
    // The end record may understate the directory: count the headers themselves, in constant
    // memory, before the library parses every one of them into memory.
    long counted = countEntries(archive, directory, limits.maxEntries());
    if (counted > limits.maxEntries()) {
      throw Rejections.tooLarge(
          "archive holds more than "
              + limits.maxEntries()
              + " entries (its end record declares "
              + directory.entries()
              + ")");
    }
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(archive).get();
    } catch (IOException e) {
      throw Rejections.invalid("zip archive is truncated or corrupt (" + e.getMessage() + ")");
    }
    try (zip) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        String name = entry.getName();
        int type = entry.getUnixMode() & S_IFMT;
        if (entry.isUnixSymlink()) {
          ExtractionSink.refuse("symbolic link", name);
        }
        if (type != 0 && type != S_IFREG && type != S_IFDIR) {
          ExtractionSink.refuse("special file (not a regular file or directory)", name);
        }
        String relative = sink.accept(name, entry.isDirectory());
        if (relative != null) {
          write(zip, entry, relative, sink, limits);
        }
      }
    }
  }

  /** What the end record says: the entry count and where the central directory starts. */
  record Directory(long entries, long offset) {}

  /**
   * The central directory headers from {@code directory.offset()} on, counted without keeping any,
   * stopping past {@code limit}.
   */
  static long countEntries(Path archive, Directory directory, long limit) throws IOException {
    try (FileChannel channel = FileChannel.open(archive)) {
      if (directory.offset() < 0 || directory.offset() >= channel.size()) {
        return 0;
      }
      channel.position(directory.offset());
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      ByteBuffer header = ByteBuffer.allocate(CENTRAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
      long count = 0;
      while (count <= limit
          && in.readNBytes(header.array(), 0, CENTRAL_HEADER_LENGTH) == CENTRAL_HEADER_LENGTH
          && header.getInt(0) == CENTRAL_HEADER) {
        count++;
        long variable =
            Short.toUnsignedLong(header.getShort(28))
                + Short.toUnsignedLong(header.getShort(30))
                + Short.toUnsignedLong(header.getShort(32));
        if (in.skip(variable) < variable) {
          break;
        }
      }
      return count;
    }
  }

  private static void write(
      ZipFile zip,
      ZipArchiveEntry entry,
      String relative,
      ExtractionSink sink,
      ArchiveLimits limits)
      throws IOException {
    if (!zip.canReadEntryData(entry)) {
      throw Rejections.invalid(
          "zip entry " + relative + " is encrypted or uses an unsupported compression method");
    }
    InputStream raw;
    try {
      raw = zip.getInputStream(entry);
    } catch (IOException e) {
      throw ExtractionSink.corrupt(relative, e);
    }
    LongSupplier compressed =
        raw instanceof InputStreamStatistics stats
            ? stats::getCompressedCount
            : entry::getCompressedSize;
    try (InputStream data = new RatioGuard(raw, compressed, limits, "zip entry " + relative)) {
      sink.write(relative, data, entry.getSize());
    }
  }

  /** The entry count from the end of central directory record (ZIP64 aware). */
  static long declaredEntries(Path archive) throws IOException {
    return directory(archive).entries();
  }

  /** The end of central directory record (ZIP64 aware). */
  static Directory directory(Path archive) throws IOException {
    try (FileChannel channel = FileChannel.open(archive)) {
      long size = channel.size();
      int tailLength = (int) Math.min(size, 22 + 65_535);
      ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(tail, size - tailLength);
      for (int at = tailLength - 22; at >= 0; at--) {
        if (tail.getInt(at) == END_RECORD) {
          long entries = Short.toUnsignedLong(tail.getShort(at + 10));
          long offset = Integer.toUnsignedLong(tail.getInt(at + 16));
          if ((entries == 0xffff || offset == 0xffffffffL)
              && at >= 20
              && tail.getInt(at - 20) == ZIP64_LOCATOR) {
            return zip64Directory(channel, tail.getLong(at - 20 + 8));
          }
          return new Directory(entries, offset);
        }
      }
    }
    throw Rejections.invalid(
        "zip archive is truncated or corrupt (no end of central directory record)");
  }

  private static Directory zip64Directory(FileChannel channel, long offset) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    if (offset < 0 || offset + 56 > channel.size() || channel.read(record, offset) < 56) {
      throw Rejections.invalid("zip archive is corrupt (bad ZIP64 end record offset)");
    }
    if (record.getInt(0) != ZIP64_END_RECORD) {
      throw Rejections.invalid("zip archive is corrupt (no ZIP64 end record)");
    }
    return new Directory(record.getLong(32), record.getLong(48));
  }
}

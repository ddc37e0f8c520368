package dev.residual.datasets.images;

import dev.residual.datasets.ImageSplit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One split of decoded images on disk: a 28-byte header (magic {@code RSDCACHE}, version, count,
 * channels, height, width, big-endian), one int label per image, then the HWC uint8 pixels. Read
 * back with one bulk read instead of thousands of decodes. The header is checked against the file
 * length before anything is allocated, and a file is only ever written whole (temporary file,
 * fsync, atomic rename), so a crash never leaves a short cache that looks valid.
 */
public final class CacheFile {

  private static final byte[] MAGIC = "RSDCACHE".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int HEADER = 28;
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private CacheFile() {}

  public static void write(Path file, ImageSplit split) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
    try {
      try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        ByteBuffer head = ByteBuffer.allocate(HEADER + 4 * split.count());
        head.put(MAGIC).putInt(VERSION).putInt(split.count()).putInt(split.channels());
        head.putInt(split.height()).putInt(split.width());
        for (int label : split.labels()) {
          head.putInt(label);
        }
        writeFully(out, head.flip());
        writeFully(out, ByteBuffer.wrap(split.pixels()));
        out.force(true);
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** Reads a split whose labels must be below {@code classes}; empty files and bad sizes fail. */
  public static ImageSplit read(Path file, int classes) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(in, head, file);
      byte[] magic = new byte[MAGIC.length];
      head.flip().get(magic);
      int version = head.getInt();
      if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
        throw new IOException(file + ": not a version " + VERSION + " image cache");
      }
      int count = head.getInt();
      int channels = head.getInt();
      int height = head.getInt();
      int width = head.getInt();
      long pixels = (long) count * channels * height * width;
      if (count < 0
          || channels <= 0
          || height <= 0
          || width <= 0
          || pixels > MAX_ARRAY
          || in.size() != HEADER + 4L * count + pixels) {
        throw new IOException(file + ": header and file length disagree");
      }
      ByteBuffer labelBytes = ByteBuffer.allocate(4 * count);
      readFully(in, labelBytes, file);
      labelBytes.flip();
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = labelBytes.getInt();
        if (labels[i] < 0 || labels[i] >= classes) {
          throw new IOException(file + ": label " + labels[i] + " is not below " + classes);
        }
      }
      byte[] data = new byte[(int) pixels];
      readFully(in, ByteBuffer.wrap(data), file);
      return new ImageSplit(count, channels, height, width, data, labels);
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  private static void readFully(FileChannel in, ByteBuffer buffer, Path file) throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        throw new IOException(file + ": truncated image cache");
      }
    }
  }
}

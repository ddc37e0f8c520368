package dev.residual.datasets.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and validates IDX files (the MNIST format), raw or gzip-compressed, detected by the gzip
 * magic rather than by the file name.
 *
 * <p>The header is never trusted: the value count must stay within {@code maxValues}, a raw file's
 * length must match it before anything is allocated, and a compressed file's buffer grows only as
 * decompressed data actually arrives, so a tiny file declaring a huge size costs at most one chunk.
 * Trailing bytes are an error, as they mean the header and the data disagree.
 */
public final class IdxReader {

  /** Largest array the JVM can allocate. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int BUFFER = 64 * 1024;
  private static final int FIRST_CHUNK = 1 << 20;

  private final long maxValues;

  /** A reader that refuses files declaring more than {@code maxValues} values. */
  public IdxReader(long maxValues) {
    if (maxValues <= 0 || maxValues > MAX_ARRAY) {
      throw new IllegalArgumentException("maxValues must be in 1.." + MAX_ARRAY);
    }
    this.maxValues = maxValues;
  }

  /** Reads {@code file}. */
  public IdxData read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Reads {@code file}, feeding every decompressed byte, header included, to {@code contentDigest}
   * when it is not null, so that a checksum costs no second pass.
   */
  public IdxData read(Path file, MessageDigest contentDigest) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      boolean gzip = startsWithGzipMagic(raw);
      long rawLength = gzip ? -1 : Files.size(file);
      try {
        InputStream content = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
        if (contentDigest != null) {
          content = new DigestInputStream(content, contentDigest);
        }
        return parse(file, content, rawLength);
      } catch (ZipException | EOFException e) {
        throw new IdxFormatException(
            file, "gzip stream is truncated or corrupt (" + e.getMessage() + ")", e);
      }
    }
  }

  public static boolean startsWithGzipMagic(InputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b;
  }

  private IdxData parse(Path file, InputStream in, long rawLength) throws IOException {
    byte[] magic = new byte[4];
    if (readFully(in, magic, 0, magic.length) < magic.length) {
      throw new IdxFormatException(file, "shorter than the 4-byte IDX magic number");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(
          file,
          String.format(
              "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes",
              magic[0], magic[1], magic[2], magic[3]));
    }
    int type = magic[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new IdxFormatException(file, typeProblem(type));
    }
    int rank = magic[3] & 0xff;
    if (rank < 1 || rank > 4) {
      throw new IdxFormatException(file, "declares " + rank + " dimensions; 1 to 4 are supported");
    }
    byte[] header = new byte[4 * rank];
    if (readFully(in, header, 0, header.length) < header.length) {
      throw new IdxFormatException(file, "header ends before its " + rank + " dimensions");
    }
    int[] dims = new int[rank];
    long count = 1;
    ByteBuffer sizes = ByteBuffer.wrap(header);
    for (int i = 0; i < rank; i++) {
      dims[i] = sizes.getInt();
      if (dims[i] <= 0) {
        throw new IdxFormatException(
            file, "dimension " + (i + 1) + " is " + Integer.toUnsignedLong(dims[i]));
      }
      // Both factors are below 2^31 here, so the product cannot overflow a long.
      count *= dims[i];
      if (count > maxValues) {
        throw new IdxFormatException(
            file, "declares more than " + maxValues + " values, the configured limit");
      }
    }
    long expectedLength = 4L + header.length + count;
    if (rawLength >= 0 && rawLength != expectedLength) {
      throw new IdxFormatException(
          file,
          "is "
              + rawLength
              + " bytes long but its header ("
              + shape(dims)
              + ") declares "
              + expectedLength
              + (rawLength < expectedLength ? " (truncated)" : " (trailing bytes)"));
    }
    byte[] values = readValues(file, in, (int) count, rawLength >= 0, dims);
    if (in.read() >= 0) {
      throw new IdxFormatException(
          file, "has trailing bytes after the " + count + " values its header declares");
    }
    return new IdxData(dims, values);
  }

  private static byte[] readValues(
      Path file, InputStream in, int count, boolean lengthKnown, int[] dims) throws IOException {
    byte[] values = new byte[lengthKnown ? count : Math.min(count, FIRST_CHUNK)];
    int filled = 0;
    while (filled < count) {
      if (filled == values.length) {
        values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
      }
      int n = in.read(values, filled, values.length - filled);
      if (n < 0) {
        throw new IdxFormatException(
            file,
            "is truncated: its header ("
                + shape(dims)
                + ") declares "
                + count
                + " values but only "
                + filled
                + " follow");
      }
      filled += n;
    }
    return values;
  }

  private static int readFully(InputStream in, byte[] buffer, int offset, int length)
      throws IOException {
    int total = 0;
    while (total < length) {
      int n = in.read(buffer, offset + total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private static String typeProblem(int type) {
    String name =
        switch (type) {
          case 0x09 -> "signed byte";
          case 0x0B -> "short";
          case 0x0C -> "int";
          case 0x0D -> "float";
          case 0x0E -> "double";
          default -> null;
        };
    return name == null
        ? String.format("unknown IDX data type 0x%02x", type)
        : String.format(
            "IDX data type 0x%02x (%s) is not supported; only 0x08 (unsigned byte) is", type, name);
  }

  static String shape(int[] dims) {
    StringBuilder text = new StringBuilder();
    for (int dim : dims) {
      text.append(text.isEmpty() ? "" : "×").append(Integer.toUnsignedLong(dim));
    }
    return text.toString();
  }
}

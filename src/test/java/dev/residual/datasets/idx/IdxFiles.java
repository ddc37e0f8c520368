package dev.residual.datasets.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files in memory for tests. */
public final class IdxFiles {

  private IdxFiles() {}

  /** A valid unsigned-byte IDX file whose value i is {@code i * 7 mod 256}. */
  public static byte[] ubyte(int... dims) {
    long count = 1;
    for (int dim : dims) {
      count *= dim;
    }
    byte[] values = new byte[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) (i * 7);
    }
    return idx(0x08, dims, values);
  }

  /** A header with any type and dimensions, followed by {@code values}. */
  public static byte[] idx(int type, int[] dims, byte[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
    buffer.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int dim : dims) {
      buffer.putInt(dim);
    }
    return buffer.put(values).array();
  }

  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.residual.datasets.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts what a decompressing stream hands out and refuses to go on once that is more than {@code
 * maxRatio} times what it has read ({@code compressed}), after a grace amount. Checking on every
 * read stops a bomb after at most one buffer, whether its entry would be written or skipped.
 */
final class RatioGuard extends FilterInputStream {

  private final LongSupplier compressed;
  private final long maxRatio;
  private final long threshold;
  private final String what;
  private long produced;

  RatioGuard(InputStream in, LongSupplier compressed, ArchiveLimits limits, String what) {
    super(in);
    this.compressed = compressed;
    this.maxRatio = limits.maxRatio();
    this.threshold = limits.ratioThreshold().toBytes();
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping still inflates: route it through read() so that it is counted too.
    byte[] scratch = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void count(int n) {
    produced += n;
    if (produced > threshold && produced > maxRatio * Math.max(1, compressed.getAsLong())) {
      throw Rejections.tooLarge(
          what
              + " expands more than "
              + maxRatio
              + ":1 ("
              + produced
              + " bytes from "
              + compressed.getAsLong()
              + "): refused as a decompression bomb");
    }
  }

  /** Counts the bytes read through it: the compressed side of a ratio. */
  static final class Counting extends FilterInputStream {

    private long count;

    Counting(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}

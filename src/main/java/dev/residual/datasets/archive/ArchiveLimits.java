package dev.residual.datasets.archive;

import org.springframework.util.unit.DataSize;

/**
 * How much an archive may expand, after Apache POI's {@code ZipSecureFile}: at most {@code
 * maxEntries} entries, {@code maxEntrySize} per file and {@code maxTotalSize} in all, and, once
 * more than {@code ratioThreshold} has been inflated, never more than {@code maxRatio} bytes out
 * per byte in (a zip bomb's ratio runs to thousands). Bound under {@code
 * residual.datasets.archive}.
 *
 * @param maxEntries entries of any kind, directories included
 * @param maxEntrySize largest single file once extracted
 * @param maxTotalSize all extracted files together
 * @param maxRatio largest expansion ratio, uncompressed to compressed
 * @param ratioThreshold bytes inflated before the ratio is checked, so that tiny files compressing
 *     well are not mistaken for bombs
 */
public record ArchiveLimits(
    Integer maxEntries,
    DataSize maxEntrySize,
    DataSize maxTotalSize,
    Integer maxRatio,
    DataSize ratioThreshold) {

  public ArchiveLimits {
    maxEntries = maxEntries == null ? 200_000 : maxEntries;
    maxEntrySize = maxEntrySize == null ? DataSize.ofMegabytes(64) : maxEntrySize;
    // Imagenette's full-size archive expands to about 1.6 GB.
    maxTotalSize = maxTotalSize == null ? DataSize.ofGigabytes(8) : maxTotalSize;
    maxRatio = maxRatio == null ? 100 : maxRatio;
    ratioThreshold = ratioThreshold == null ? DataSize.ofKilobytes(100) : ratioThreshold;
    if (maxEntries < 1 || maxRatio < 1) {
      throw new IllegalArgumentException("archive max-entries and max-ratio must be positive");
    }
  }

  /** All defaults. */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(null, null, null, null, null);
  }
}

package dev.residual.datasets.images;

/** The original sizes of a dataset's images, before they were cropped and scaled for the cache. */
public record ImageStats(
    int minWidth, int maxWidth, double meanWidth, int minHeight, int maxHeight, double meanHeight) {

  static ImageStats of(int[] widths, int[] heights) {
    if (widths.length == 0) {
      return new ImageStats(0, 0, 0, 0, 0, 0);
    }
    int minW = Integer.MAX_VALUE;
    int maxW = 0;
    int minH = Integer.MAX_VALUE;
    int maxH = 0;
    long sumW = 0;
    long sumH = 0;
    for (int i = 0; i < widths.length; i++) {
      minW = Math.min(minW, widths[i]);
      maxW = Math.max(maxW, widths[i]);
      minH = Math.min(minH, heights[i]);
      maxH = Math.max(maxH, heights[i]);
      sumW += widths[i];
      sumH += heights[i];
    }
    return new ImageStats(
        minW, maxW, (double) sumW / widths.length, minH, maxH, (double) sumH / heights.length);
  }
}

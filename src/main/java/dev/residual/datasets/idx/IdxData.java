package dev.residual.datasets.idx;

/**
 * The content of one IDX file of unsigned bytes: its dimensions, the first being the item count,
 * and its values in row-major order.
 *
 * <p>The arrays are shared, not copied, because image files run to tens of megabytes.
 */
public record IdxData(int[] dimensions, byte[] values) {

  /** Number of items: the first dimension. */
  public int count() {
    return dimensions[0];
  }
}

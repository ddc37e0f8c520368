package dev.residual.datasets.images;

import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.UnusableImageException;
import dev.residual.datasets.archive.Rejections;
import dev.residual.system.DaemonThreads;
import dev.residual.system.DomainException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes every image of a {@link FolderLayout} once, in parallel, into square uint8 arrays with
 * the image pipeline's first stage ({@link ImageDecoder}): the in-memory form of the cache. Workers
 * write straight into the split's one pixel array, each image at its own offset, so nothing is
 * copied afterwards. The first bad image stops the build and is reported by its path.
 *
 * <p>Memory is bounded before anything is decoded: the two splits' pixels must fit {@code
 * maxCacheBytes} (a 6 MB zip of 28,000 solid PNGs would otherwise become a 2 GB array), and one
 * import decodes at a time, so concurrent imports queue instead of adding up.
 */
public final class ImageCacheBuilder {

  /** Both splits at {@code side} and the original image sizes. */
  public record Built(ImageSplit train, ImageSplit valid, ImageStats stats, int side) {}

  /** Told how many images are done, from worker threads, about once per percent. */
  @FunctionalInterface
  public interface Progress {
    void decoded(int done, int total);
  }

  /** Image folders are stored as RGB; greyscale images are repeated into three channels. */
  private static final int CHANNELS = 3;

  private static final int CHUNK = 16;
  private static final int SIDE_SAMPLE = 256;
  private static final int MIN_SIDE = 8;
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final ImageDecoder decoder;
  private final int threads;
  private final long maxCacheBytes;
  private final Semaphore imports = new Semaphore(1, true);

  public ImageCacheBuilder(ImageDecoder decoder, int threads) {
    this(decoder, threads, Runtime.getRuntime().maxMemory() / 4);
  }

  public ImageCacheBuilder(ImageDecoder decoder, int threads, long maxCacheBytes) {
    this.decoder = decoder;
    this.threads = Math.max(1, threads);
    this.maxCacheBytes = maxCacheBytes;
  }

  /**
   * The cache side: the median shorter side of (a sample of) the training images, at most {@code
   * cacheSize}, so that small images are not blown up and large ones are shrunk once.
   */
  public int chooseSide(FolderLayout layout, int cacheSize) {
    List<FolderLayout.Item> items = layout.train();
    int samples = Math.min(SIDE_SAMPLE, items.size());
    int[] shorter = new int[samples];
    for (int i = 0; i < samples; i++) {
      FolderLayout.Item item = items.get((int) ((long) i * items.size() / samples));
      ImageDecoder.Size size;
      try {
        size = decoder.size(item.file(), item.shown());
      } catch (UnusableImageException e) {
        throw rejection(e);
      }
      shorter[i] = Math.min(size.width(), size.height());
    }
    Arrays.sort(shorter);
    int median = samples == 0 ? cacheSize : shorter[samples / 2];
    return Math.max(MIN_SIDE, Math.min(cacheSize, median));
  }

  public Built build(FolderLayout layout, int side, Progress progress)
      throws InterruptedIOException {
    int imageBytes = side * side * 3;
    long total = (long) (layout.train().size() + layout.valid().size()) * imageBytes;
    if (total > maxCacheBytes) {
      throw Rejections.tooLarge(
          "the decoded cache of "
              + (layout.train().size() + layout.valid().size())
              + " images at "
              + side
              + " px would take "
              + (total >> 20)
              + " MiB, more than the limit of "
              + (maxCacheBytes >> 20)
              + " MiB (residual.datasets.images.max-cache-bytes)");
    }
    try {
      imports.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("waiting for another import to finish");
    }
    try {
      return decodeAll(layout, side, progress);
    } finally {
      imports.release();
    }
  }

  private Built decodeAll(FolderLayout layout, int side, Progress progress)
      throws InterruptedIOException {
    List<FolderLayout.Item> all = new ArrayList<>(layout.train());
    all.addAll(layout.valid());
    int imageBytes = side * side * CHANNELS;
    for (List<FolderLayout.Item> split : List.of(layout.train(), layout.valid())) {
      if ((long) split.size() * imageBytes > MAX_ARRAY) {
        throw Rejections.tooLarge(
            split.size()
                + " images do not fit one cache array at "
                + side
                + " px;"
                + " lower residual.datasets.images.cache-size");
      }
    }
    byte[] trainPixels = new byte[layout.train().size() * imageBytes];
    byte[] validPixels = new byte[layout.valid().size() * imageBytes];
    int[] widths = new int[all.size()];
    int[] heights = new int[all.size()];
    int trainCount = layout.train().size();
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, all.size() / 100);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("image-decode"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int start = 0; start < all.size(); start += CHUNK) {
        int from = start;
        int to = Math.min(all.size(), start + CHUNK);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to && failure.get() == null; i++) {
                    FolderLayout.Item item = all.get(i);
                    boolean train = i < trainCount;
                    try {
                      ImageDecoder.Size size =
                          decoder.decodeInto(
                              item.file(),
                              item.shown(),
                              CHANNELS,
                              side,
                              train ? trainPixels : validPixels,
                              (train ? i : i - trainCount) * imageBytes);
                      widths[i] = size.width();
                      heights[i] = size.height();
                    } catch (UnusableImageException e) {
                      failure.compareAndSet(null, rejection(e));
                      return;
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                      return;
                    }
                    int n = done.incrementAndGet();
                    if (n % step == 0 || n == all.size()) {
                      progress.decoded(n, all.size());
                    }
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("decoding interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("image decoding failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Built(
        split(layout.train(), trainPixels, side),
        split(layout.valid(), validPixels, side),
        ImageStats.of(widths, heights),
        side);
  }

  private static ImageSplit split(List<FolderLayout.Item> items, byte[] pixels, int side) {
    int[] labels = items.stream().mapToInt(FolderLayout.Item::label).toArray();
    return new ImageSplit(items.size(), CHANNELS, side, side, pixels, labels);
  }

  /** A dataset with an unusable image is refused whole: 413 over a limit, else 400. */
  private static DomainException rejection(UnusableImageException e) {
    return e.reason() == UnusableImageException.Reason.TOO_LARGE
        ? Rejections.tooLarge(e.getMessage())
        : Rejections.invalid(e.getMessage());
  }
}

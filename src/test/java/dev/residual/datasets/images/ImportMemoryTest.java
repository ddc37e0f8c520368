package dev.residual.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.support.TestImages;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/**
 * An import's decoded cache is bounded before any image is decoded, and imports decode one at a
 * time: many tiny images that would become an array larger than the heap are refused with 413
 * instead of ending in an OutOfMemoryError, and a second import waits for the first.
 */
class ImportMemoryTest {

  @TempDir Path dir;

  final ImageDecoder decoder = new ImageDecoder(89_478_485L);
  final ExecutorService callers = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void aCacheLargerThanTheBudgetIs413BeforeAnyImageIsDecoded() throws IOException {
    FolderLayout layout = folder("big", 12, 48);
    // 12 images of 48x48x3 bytes = 82,944 bytes.
    ImageCacheBuilder tight = new ImageCacheBuilder(decoder, 2, 80_000);

    assertThatThrownBy(() -> tight.build(layout, 48, (done, total) -> {}))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
        .hasMessageContaining("more than the limit of")
        .hasMessageContaining("max-cache-bytes");
    assertThat(decoder.decodedCount()).isZero();

    ImageCacheBuilder.Built built =
        new ImageCacheBuilder(decoder, 2, 82_944).build(layout, 48, (done, total) -> {});
    assertThat(built.train().count() + built.valid().count()).isEqualTo(12);
  }

  @Test
  void aSecondImportWaitsForTheFirst() throws Exception {
    FolderLayout first = folder("first", 4, 16);
    FolderLayout second = folder("second", 4, 16);
    ImageCacheBuilder builder = new ImageCacheBuilder(decoder, 1, 1 << 20);
    CountDownLatch firstDecoding = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicBoolean secondDecoded = new AtomicBoolean();

    Future<?> a =
        callers.submit(
            () ->
                builder.build(
                    first,
                    16,
                    (done, total) -> {
                      firstDecoding.countDown();
                      await(releaseFirst);
                    }));
    assertThat(firstDecoding.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> b =
        callers.submit(() -> builder.build(second, 16, (d, t) -> secondDecoded.set(true)));
    Thread.sleep(300);
    assertThat(secondDecoded).isFalse();

    releaseFirst.countDown();
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertThat(secondDecoded).isTrue();
  }

  private FolderLayout folder(String name, int images, int side) throws IOException {
    Path root = dir.resolve(name);
    for (int i = 0; i < images; i++) {
      Path file = root.resolve("train/" + (i % 2 == 0 ? "red" : "blue") + "/" + i + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, TestImages.solid(side, side, i % 2 == 0 ? Color.RED : Color.BLUE, "png"));
    }
    return new FolderScanner(200_000, 0.25, 42).scan(root);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.inference.internal.ModelInput;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Clients that send an image body a byte at a time cost only their own connection: with one
 * decoding slot and four such clients, a normal image is still decoded at once, and each slow body
 * ends in 408 when its read timeout passes.
 */
class SlowBodyTest {

  static final ModelInput INPUT = new ModelInput(1, 8, 8, new float[] {0.5f}, new float[] {0.25f});

  final ExecutorService clients = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    clients.shutdownNow();
  }

  @Test
  void slowBodiesHoldNoDecodingSlotAndTimeOutWith408() throws Exception {
    ImagePreparer preparer = new ImagePreparer(properties(Duration.ofMillis(1500), 1));
    long forever = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    List<Future<?>> slow =
        List.of(1, 2, 3, 4).stream()
            .map(
                i ->
                    clients.submit(
                        () ->
                            preparer.prepare(
                                List.of(new ImageUpload("body", -1, SlowBodyTest::dripping)),
                                INPUT,
                                false,
                                forever)))
            .<Future<?>>map(f -> f)
            .toList();
    Thread.sleep(300);

    long start = System.nanoTime();
    byte[] png = png();
    List<float[]> inputs =
        preparer.prepare(
            List.of(new ImageUpload("body", -1, () -> new ByteArrayInputStream(png))),
            INPUT,
            false,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
    assertThat(inputs).hasSize(1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);

    for (Future<?> client : slow) {
      assertThatThrownBy(() -> client.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DomainException.class)
          .cause()
          .satisfies(
              e ->
                  assertThat(ProblemStatus.of((DomainException) e))
                      .isEqualTo(HttpStatus.REQUEST_TIMEOUT))
          .hasMessageContaining("did not arrive within");
    }
  }

  /** One byte every 100 ms, never ending. */
  private static InputStream dripping() {
    return new InputStream() {
      @Override
      public int read() {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        return 0x89;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int v = read();
        if (v < 0) {
          return -1;
        }
        b[off] = (byte) v;
        return 1;
      }
    };
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", out);
    return out.toByteArray();
  }

  private static InferenceProperties properties(Duration bodyReadTimeout, int decodes) {
    return new InferenceProperties(
        32,
        Duration.ofMillis(5),
        100,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        1,
        DataSize.ofMegabytes(10),
        89_478_485L,
        64,
        decodes,
        2,
        Duration.ofSeconds(30),
        dev.residual.inference.internal.InferenceEngine.PYTORCH,
        new InferenceProperties.OnnxRuntime(0, false),
        bodyReadTimeout,
        1);
  }
}

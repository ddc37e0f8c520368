package dev.residual.inference;

import dev.residual.datasets.ImagePipeline;
import dev.residual.datasets.UnusableImageException;
import dev.residual.inference.internal.ModelInput;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.RequestTimeoutException;
import dev.residual.system.ServerErrors;
import dev.residual.system.ServiceBusyException;
import dev.residual.system.TooLargeException;
import dev.residual.system.UnsupportedFormatException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads uploaded images and puts them through the {@link ImagePipeline}, as training stored and
 * resized its dataset, on the request's thread, so that decoding runs in parallel while the model's
 * workers only run forward passes. At most {@code max-concurrent-decodes} images are decoded at
 * once. A raw request body is received first, within {@code body-read-timeout} and before any
 * permit is taken, so that a client sending slowly holds only its own connection; multipart parts,
 * already spooled by the container, are read only once they have a permit, which bounds what many
 * concurrent large uploads can hold.
 */
@Component
class ImagePreparer {

  private final ImagePipeline pipeline;
  private final int maxBytes;
  private final Semaphore permits;
  private final Duration retryAfter;
  private final Duration bodyReadTimeout;

  ImagePreparer(InferenceProperties properties) {
    this.pipeline = new ImagePipeline(properties.maxImagePixels());
    this.bodyReadTimeout = properties.bodyReadTimeout();
    this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, properties.maxImageBytes().toBytes());
    this.permits = new Semaphore(properties.maxConcurrentDecodes(), true);
    this.retryAfter = properties.retryAfter();
  }

  /**
   * One input per image in order, or two with {@code tta}: the centre crop, then its mirror.
   *
   * @throws DomainException 413, 415 or 400 naming the offending image; 503 if no decoding slot
   *     frees up before {@code deadlineNanos}
   */
  List<float[]> prepare(
      List<ImageUpload> images, ModelInput input, boolean tta, long deadlineNanos) {
    List<float[]> inputs = new ArrayList<>(tta ? 2 * images.size() : images.size());
    ImagePipeline.Input spec = input.pipeline();
    byte[][] received = new byte[images.size()][];
    long readDeadline = System.nanoTime() + bodyReadTimeout.toNanos();
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).size() < 0) {
        received[i] = read(images.get(i), shown(images, i), readDeadline);
      }
    }
    for (int i = 0; i < images.size(); i++) {
      ImageUpload image = images.get(i);
      String shown = shown(images, i);
      acquire(deadlineNanos);
      try {
        byte[] bytes = received[i] != null ? received[i] : read(image, shown, readDeadline);
        received[i] = null;
        float[] x = prepare(bytes, shown, spec);
        inputs.add(x);
        if (tta) {
          inputs.add(ImagePipeline.mirror(x, input.channels(), input.height(), input.width()));
        }
      } finally {
        permits.release();
      }
    }
    return inputs;
  }

  /**
   * Decodes a tiny PNG and JPEG once, so that the first client does not pay for ImageIO's plugin
   * scan and decoder set-up (about 100 ms).
   */
  @EventListener(ApplicationReadyEvent.class)
  void warmUp() throws IOException {
    BufferedImage pixel = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    for (String format : List.of("png", "jpeg")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(pixel, format, bytes);
      pipeline.store(bytes.toByteArray(), "warm-up " + format, 3, 1);
    }
  }

  /** The pipeline's input for {@code bytes}; an unusable image is a 415, 413 or 400. */
  private float[] prepare(byte[] bytes, String shown, ImagePipeline.Input spec) {
    try {
      return pipeline.input(bytes, shown, spec);
    } catch (UnusableImageException e) {
      throw switch (e.reason()) {
        case UNSUPPORTED_FORMAT ->
            new UnsupportedFormatException("Unsupported image format", e.getMessage());
        case TOO_LARGE -> new TooLargeException("Image too large", e.getMessage());
        case UNREADABLE -> new InvalidRequestException("Unreadable image", e.getMessage());
      };
    }
  }

  private static String shown(List<ImageUpload> images, int i) {
    return "image " + (i + 1) + " (" + images.get(i).name() + ")";
  }

  /** Reads up to the size limit; past {@code deadlineNanos} (checked as bytes arrive) it is 408. */
  private byte[] read(ImageUpload image, String shown, long deadlineNanos) {
    if (image.size() > maxBytes) {
      throw tooLarge(shown, image.size());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = image.source().open()) {
      int n;
      while (bytes.size() <= maxBytes
          && (n = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - bytes.size()))) >= 0) {
        bytes.write(buffer, 0, n);
        if (System.nanoTime() - deadlineNanos > 0) {
          throw new RequestTimeoutException(
              shown + " did not arrive within " + bodyReadTimeout.toSeconds() + " s");
        }
      }
    } catch (IOException e) {
      throw new InvalidRequestException(
          "Unreadable image", shown + " could not be received: " + ServerErrors.describe(e));
    }
    if (bytes.size() > maxBytes) {
      throw tooLarge(shown, -1);
    }
    return bytes.toByteArray();
  }

  private void acquire(long deadlineNanos) {
    try {
      if (!permits.tryAcquire(
          Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new ServiceBusyException("Too many images are being decoded; try again", retryAfter);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceBusyException("Interrupted", retryAfter);
    }
  }

  private DomainException tooLarge(String shown, long size) {
    return new TooLargeException(
        "Image too large",
        shown
            + (size >= 0 ? " has " + size + " bytes" : " is larger")
            + "; the limit is "
            + maxBytes
            + " bytes");
  }
}

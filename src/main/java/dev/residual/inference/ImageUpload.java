package dev.residual.inference;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One uploaded image, not read yet: a multipart part or a raw request body.
 *
 * @param name how messages call it: the part's file name, or {@code body}
 * @param size its length in bytes when it has been received already (a multipart part), else -1
 */
record ImageUpload(String name, long size, Source source) {

  /** Opens the image's bytes; called once. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  /** All images of one request: the {@code image} part first, then {@code images} in order. */
  record Batch(List<ImageUpload> images) {

    Batch {
      images = List.copyOf(images);
    }
  }
}

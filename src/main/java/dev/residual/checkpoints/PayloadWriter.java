package dev.residual.checkpoints;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one payload of a checkpoint (model parameters or optimizer state) into the archive.
 *
 * <p>The store owns the stream: an implementation writes its bytes and returns without closing it,
 * and a close would be ignored anyway, because the next archive entry follows on the same stream.
 */
@FunctionalInterface
public interface PayloadWriter {

  void writeTo(OutputStream out) throws IOException;
}

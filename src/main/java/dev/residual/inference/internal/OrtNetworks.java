package dev.residual.inference.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.OnnxExports;
import java.util.UUID;

/**
 * Serves checkpoints on ONNX Runtime: each is exported to ONNX and loaded into one session, which
 * its worker threads share (a session's {@code run} is thread-safe). Creating the session is where
 * ONNX Runtime fuses Conv with BatchNorm and ReLU and reorders the filters once for its blocked
 * layout, the work PyTorch's eager mode repeats at every call.
 */
final class OrtNetworks implements NetworkLoader {

  private final OnnxExports exports;
  private final OnnxRuntimeSettings settings;

  OrtNetworks(OnnxExports exports, OnnxRuntimeSettings settings) {
    this.exports = exports;
    this.settings = settings;
  }

  @Override
  public LoadedNetwork load(UUID id, CheckpointMetadata metadata, ModelInput input)
      throws OrtException {
    byte[] onnx = exports.export(id).bytes();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (SessionOptions options = options()) {
      session = env.createSession(onnx, options);
    }
    return new LoadedNetwork() {
      @Override
      public BatchWorkers.Handler<float[], float[]> newHandler(int maxBatchSize) {
        return new OrtForward(env, session, input.chw(), maxBatchSize);
      }

      @Override
      public void close() {
        try {
          session.close();
        } catch (OrtException e) {
          throw new IllegalStateException("Could not close the ONNX Runtime session", e);
        }
      }
    };
  }

  private SessionOptions options() throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      options.setExecutionMode(ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      String spin = settings.spinning() ? "1" : "0";
      options.addConfigEntry("session.intra_op.allow_spinning", spin);
      options.addConfigEntry("session.inter_op.allow_spinning", spin);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}

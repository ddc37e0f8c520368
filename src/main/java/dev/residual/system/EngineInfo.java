package dev.residual.system;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/**
 * The deep-learning engine Residual runs on, loaded once at start-up. If PyTorch's native library
 * cannot load, start-up fails here with the reason instead of on the first training job.
 */
public record EngineInfo(String name, String version, String device, int gpus) {

  static final String ENGINE = "PyTorch";

  /** Loads the PyTorch engine, turning DJL's low-level failures into one clear message. */
  static EngineInfo load() {
    try {
      Engine engine = Engine.getEngine(ENGINE);
      return new EngineInfo(
          engine.getEngineName(),
          engine.getVersion(),
          engine.defaultDevice().toString(),
          engine.getGpuCount());
    } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          "The PyTorch engine could not be loaded. Residual needs DJL's pytorch-native-cpu jar on the"
              + " class path and runs offline (-Dai.djl.offline=true); see README, 'Troubleshooting'."
              + " Cause: "
              + e.getMessage(),
          e);
    }
  }
}

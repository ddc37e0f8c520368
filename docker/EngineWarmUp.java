import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;

/**
 * Run once while the image is built: loading the PyTorch engine makes DJL extract its native
 * libraries from the jars into {@code ENGINE_CACHE_DIR}, so the running container finds them
 * there, reads them only, and never needs the network or a writable cache. A small computation
 * proves that the libraries load on this base image.
 */
public final class EngineWarmUp {

  private EngineWarmUp() {}

  public static void main(String[] args) {
    // The image must work with no network: never let DJL fall back to a download here either.
    System.setProperty("ai.djl.offline", "true");
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      NDArray sum = manager.arange(4f).sum();
      if (sum.getFloat() != 6f) {
        throw new IllegalStateException("PyTorch computed 0+1+2+3 = " + sum.getFloat());
      }
    }
    System.out.println(
        "PyTorch "
            + engine.getVersion()
            + " ("
            + engine.defaultDevice()
            + ") extracted to "
            + Utils.getEngineCacheDir("pytorch"));
  }
}

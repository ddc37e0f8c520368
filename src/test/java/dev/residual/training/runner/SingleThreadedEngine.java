package dev.residual.training.runner;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one intra-op thread and restores the previous count afterwards.
 *
 * <p>The tests' tiny networks are dominated by many small OpenMP regions; on a shared 2-core box
 * under load, two threads per region wait on each other and a 3-second test can take a minute. One
 * thread keeps the tests fast and their duration stable; the benchmark uses two.
 */
final class SingleThreadedEngine implements BeforeAllCallback, AfterAllCallback {

  private static final String PREVIOUS = "previousThreads";

  @Override
  public void beforeAll(ExtensionContext context) {
    Engine.getInstance();
    context
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .put(PREVIOUS + context.getUniqueId(), JniUtils.getNumThreads());
    JniUtils.setNumThreads(1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Integer previous =
        context
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .remove(PREVIOUS + context.getUniqueId(), Integer.class);
    if (previous != null) {
      JniUtils.setNumThreads(previous);
    }
  }
}

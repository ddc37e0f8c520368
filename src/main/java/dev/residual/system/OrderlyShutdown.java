package dev.residual.system;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Shuts the service down in order on SIGTERM, SIGINT and SIGHUP: first the given close action (the
 * application context: graceful shutdown of the web server, then the models and their native
 * memory), then {@code System.exit(128 + signal)}, the exit status the JVM itself would give.
 *
 * <p>The JVM's own handling starts every shutdown hook at once, and ONNX Runtime's Java binding
 * registers one that releases its native environment. That hook would run beside Spring's graceful
 * shutdown, under the sessions still answering the requests in flight, and crash the process in
 * native code. Here the hooks start only after the context has closed, when no session is left.
 */
public final class OrderlyShutdown {

  private static final Logger log = LoggerFactory.getLogger(OrderlyShutdown.class);

  /** The signals the JVM turns into a shutdown; Kubernetes and Docker stop with the first. */
  private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

  private OrderlyShutdown() {}

  /**
   * Installs the handlers. A signal the JVM keeps for itself (under {@code -Xrs}) keeps the JVM's
   * behaviour, with a warning; one the process was started to ignore (by {@code nohup}, or as a
   * shell's background job) stays ignored, as the JVM leaves it.
   */
  public static void onSignals(Runnable close) {
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), signal -> shutDown(signal, close));
      } catch (IllegalArgumentException e) {
        log.warn("SIG{} keeps the JVM's own shutdown: {}", name, e.getMessage());
      }
    }
  }

  /**
   * On a thread that is not a daemon, unlike the JVM's signal handler thread: otherwise, once the
   * context has stopped the last other such thread, the JVM would exit on its own, with status 0.
   */
  private static void shutDown(Signal signal, Runnable close) {
    Thread thread =
        new Thread(() -> closeAndExit(signal, close), "shutdown-SIG" + signal.getName());
    thread.setDaemon(false);
    thread.start();
  }

  private static void closeAndExit(Signal signal, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException | Error e) {
      log.error("Shutdown on SIG{} did not complete", signal.getName(), e);
    } finally {
      System.exit(128 + signal.getNumber());
    }
  }
}

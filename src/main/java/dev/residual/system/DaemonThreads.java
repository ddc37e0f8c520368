package dev.residual.system;

import java.util.concurrent.ThreadFactory;

/**
 * Threads that never keep the JVM alive: background pools (SSE pumps, heartbeats, decoders,
 * evaluations) are stopped by their owners, and a forgotten one must not block an exit.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory whose threads are daemons called {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> create(task, name);
  }

  /** A daemon thread called {@code name}, not started. */
  public static Thread create(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}

package dev.residual.system;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key, e.g. per dataset name: work on one key waits for other work on the same key,
 * while other keys go ahead. A key's lock lives as long as this object; keys are few (names of
 * datasets), so none is ever removed. Reentrant, like {@code synchronized}.
 */
public final class KeyedLocks {

  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Work done under a key's lock, which may throw {@code E}. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code work} while holding {@code key}'s lock and returns what it returns. */
  public <T, E extends Exception> T call(String key, Work<T, E> work) throws E {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }
}

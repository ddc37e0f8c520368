package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading (its write blocks, as a socket with a full send buffer does) costs
 * only its own stream: the pump returns at once, other subscribers of the same job get every event,
 * and the stalled one catches up from its last event id once its write goes through.
 */
class StalledReaderTest {

  private static final String JOB = "00000000-0000-0000-0000-000000000001";

  private final FakeFeed source = new FakeFeed();
  private final StreamRegistry registry = new StreamRegistry(10);
  private final ExecutorService writers = Executors.newCachedThreadPool();
  private final EventPump pump = new EventPump(registry, 500, writers);

  @AfterEach
  void stop() {
    writers.shutdownNow();
  }

  @Test
  void aReaderThatStopsReadingStallsNobodyElse() throws Exception {
    source.job(JOB, "RUNNING");
    source.append(JOB, "batch", "{\"batch\":1}");
    BlockingSink stalled = new BlockingSink();
    RecordingSink reader = new RecordingSink();
    assertThat(registry.tryAdd(new Subscriber(source.topic(JOB), 0, stalled, "10.0.0.1"))).isTrue();
    assertThat(registry.tryAdd(new Subscriber(source.topic(JOB), 0, reader, "10.0.0.2"))).isTrue();

    long start = System.nanoTime();
    for (int i = 2; i <= 5; i++) {
      pump.pump(source.topic(JOB));
      source.append(JOB, "batch", "{\"batch\":" + i + "}");
    }
    // Later passes, as the poll makes them, until the reader has caught up.
    for (int i = 0; i < 500 && reader.ids().size() < 5; i++) {
      pump.pump(source.topic(JOB));
      Thread.sleep(10);
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    assertThat(reader.ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(stalled.sent).isEmpty();

    stalled.release.countDown();
    awaitSent(stalled, 1);
    pump.pump(source.topic(JOB));
    awaitSent(stalled, 5);
    assertThat(stalled.sent).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void oneClientCannotTakeEveryStream() {
    StreamRegistry limited = new StreamRegistry(10, 2);
    assertThat(
            limited.tryAdd(new Subscriber(source.topic(JOB), 0, new RecordingSink(), "10.0.0.1")))
        .isTrue();
    Subscriber second = new Subscriber(source.topic(JOB), 0, new RecordingSink(), "10.0.0.1");
    assertThat(limited.tryAdd(second)).isTrue();
    assertThat(
            limited.tryAdd(new Subscriber(source.topic(JOB), 0, new RecordingSink(), "10.0.0.1")))
        .isFalse();
    assertThat(
            limited.tryAdd(new Subscriber(source.topic(JOB), 0, new RecordingSink(), "10.0.0.2")))
        .isTrue();
    assertThat(limited.size()).isEqualTo(3);
    limited.remove(second);
    assertThat(
            limited.tryAdd(new Subscriber(source.topic(JOB), 0, new RecordingSink(), "10.0.0.1")))
        .isTrue();
  }

  private static void awaitSent(BlockingSink sink, int count) throws InterruptedException {
    for (int i = 0; i < 500 && sink.sent.size() < count; i++) {
      Thread.sleep(10);
    }
  }

  /** Blocks every write until released, like a client whose receive window stays closed. */
  static final class BlockingSink implements EventSink {
    final CountDownLatch release = new CountDownLatch(1);
    final List<Long> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(StreamEvent event) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sent.add(event.id());
    }

    @Override
    public void heartbeat() {}

    @Override
    public void complete() {}
  }
}

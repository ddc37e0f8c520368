package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.ModelLoader;
import dev.residual.inference.internal.ServedModel;
import dev.residual.system.ProblemStatus;
import dev.residual.system.ServiceBusyException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * On-demand checkpoint models are bounded: one load at a time (a request for another checkpoint
 * gets 503 with Retry-After at its deadline instead of a parallel load), a waiter gives up at its
 * deadline, and a model evicted before a request could use it is loaded at most once per request
 * instead of in a loop.
 */
class OnDemandModelsTest {

  final ModelLoader loader = mock(ModelLoader.class);
  final Map<ModelKey, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
  final ExecutorService requests = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    requests.shutdownNow();
  }

  @Test
  void aSecondCheckpointWaitsForTheLoadSlotOnlyUntilItsDeadline() throws Exception {
    OnDemandModels models = new OnDemandModels(loader, properties(2));
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ModelKey slow = ModelKey.checkpoint(UUID.randomUUID());
    ModelKey other = ModelKey.checkpoint(UUID.randomUUID());
    when(loader.load(any()))
        .thenAnswer(
            call -> {
              ModelKey key = call.getArgument(0);
              loadsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              if (key.equals(slow)) {
                loading.countDown();
                finish.await(10, TimeUnit.SECONDS);
              }
              return usable();
            });
    Future<ServedModel.Lease> first = requests.submit(() -> models.acquire(slow, in(10_000)));
    assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> models.acquire(other, in(300)))
        .isInstanceOfSatisfying(
            ServiceBusyException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
    assertThatThrownBy(() -> models.acquire(slow, in(200)))
        .isInstanceOf(ServiceBusyException.class)
        .hasMessageContaining("still being loaded");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
    assertThat(loadsPerKey).doesNotContainKey(other);

    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(models.acquire(other, in(5_000))).isNotNull();
    assertThat(loadsPerKey.get(slow)).hasValue(1);
  }

  @Test
  void aModelEvictedBeforeUseIsLoadedOncePerRequestNotInALoop() {
    OnDemandModels models = new OnDemandModels(loader, properties(1));
    ModelKey key = ModelKey.checkpoint(UUID.randomUUID());
    AtomicInteger loads = new AtomicInteger();
    when(loader.load(any()))
        .thenAnswer(
            call -> {
              loads.incrementAndGet();
              ServedModel retired = mock(ServedModel.class);
              when(retired.tryAcquire()).thenReturn(Optional.empty());
              return retired;
            });

    assertThatThrownBy(() -> models.acquire(key, in(5_000)))
        .isInstanceOf(ServiceBusyException.class)
        .hasMessageContaining("More distinct models are in demand");
    assertThat(loads).hasValue(1);
  }

  private static long in(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static ServedModel usable() {
    ServedModel model = mock(ServedModel.class);
    when(model.tryAcquire()).thenAnswer(call -> Optional.of(mock(ServedModel.Lease.class)));
    return model;
  }

  private static InferenceProperties properties(int onDemandModels) {
    return new InferenceProperties(
        32,
        Duration.ofMillis(5),
        100,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        1,
        DataSize.ofMegabytes(10),
        89_478_485L,
        64,
        4,
        onDemandModels,
        Duration.ofSeconds(30),
        dev.residual.inference.internal.InferenceEngine.PYTORCH,
        new InferenceProperties.OnnxRuntime(0, false),
        Duration.ofSeconds(30),
        1);
  }
}

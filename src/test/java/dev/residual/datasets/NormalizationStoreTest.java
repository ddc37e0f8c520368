package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizationStoreTest {

  @TempDir Path dir;

  private final Normalization stats = new Normalization(new float[] {0.286f}, new float[] {0.353f});

  @Test
  void computesOnceAndReadsBackInAnotherProcess() {
    AtomicInteger computed = new AtomicInteger();
    Normalization first =
        new NormalizationStore(dir).get("fashion-mnist", () -> count(computed, stats));
    Normalization again =
        new NormalizationStore(dir).get("fashion-mnist", () -> count(computed, stats));
    assertThat(computed).hasValue(1);
    assertThat(again.mean()).containsExactly(first.mean());
    assertThat(again.std()).containsExactly(0.353f);
    assertThat(dir.resolve("fashion-mnist.json")).exists();
  }

  @Test
  void recomputesAndReplacesAnUnreadableFile() throws Exception {
    Files.writeString(dir.resolve("mnist.json"), "{\"mean\": [0.1], \"std\": ");
    AtomicInteger computed = new AtomicInteger();
    Normalization n = new NormalizationStore(dir).get("mnist", () -> count(computed, stats));
    assertThat(computed).hasValue(1);
    assertThat(n.mean()).containsExactly(0.286f);
    assertThat(new NormalizationStore(dir).get("mnist", () -> count(computed, stats)).mean())
        .containsExactly(0.286f);
    assertThat(computed).hasValue(1);
  }

  private static Normalization count(AtomicInteger counter, Normalization value) {
    counter.incrementAndGet();
    return value;
  }
}

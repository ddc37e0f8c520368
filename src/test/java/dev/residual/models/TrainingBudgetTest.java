package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A spec whose parameters fit can still need more activation memory or compute per training step
 * than a machine has: such a job would crash or stall on every attempt, so it is refused with the
 * estimate and the limit, while the chapter's networks at their usual sizes pass.
 */
class TrainingBudgetTest {

  @Test
  void aWideStemOnLargeImagesInLargeBatchesIsRefusedWithTheEstimateAndTheLimit() {
    ArchitectureSpec wide =
        ArchitectureSpec.of(List.of(1024, 1024, 1024), List.of(64), List.of(1), null, null, null);
    wide.validate(1, 512, 512, 10);

    DomainException refused =
        catchThrowableOfType(
            DomainException.class, () -> wide.validateTrainingBudget(1, 512, 10, 1024));

    assertThat(ProblemStatus.of(refused)).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.fieldErrors()).containsOnlyKeys("architecture");
    assertThat(refused.getMessage())
        .contains("MiB of activations, more than the limit of 32768 MiB")
        .contains("billion multiply-accumulates, more than the limit of 10000 billion");
  }

  @Test
  void theChaptersNetworksAtTheirUsualSizesPass() {
    ArchitectureSpec resnet18 = Architectures.named("resnet18").orElseThrow();
    ArchitectureSpec resnet50 = Architectures.named("resnet50").orElseThrow();
    assertThatCode(() -> resnet18.validateTrainingBudget(1, 28, 10, 1024))
        .doesNotThrowAnyException();
    assertThatCode(() -> resnet18.validateTrainingBudget(3, 160, 10, 256))
        .doesNotThrowAnyException();
    assertThatCode(() -> resnet50.validateTrainingBudget(3, 128, 10, 128))
        .doesNotThrowAnyException();
  }

  @Test
  void aHugeBatchOfASmallNetworkDoesNotOverflowTheEstimate() {
    ArchitectureSpec resnet18 = Architectures.named("resnet18").orElseThrow();
    DomainException refused =
        catchThrowableOfType(
            DomainException.class, () -> resnet18.validateTrainingBudget(3, 512, 1000, 1024));
    assertThat(refused.getMessage()).contains("236544 MiB").doesNotContainPattern("about -");
  }
}

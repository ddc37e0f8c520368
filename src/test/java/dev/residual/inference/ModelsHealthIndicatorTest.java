package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.residual.inference.registry.ModelSync;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ModelsHealthIndicatorTest {

  private final ModelSync sync = mock(ModelSync.class);
  private final ModelDeployments deployments = mock(ModelDeployments.class);
  private final ModelsHealthIndicator indicator = new ModelsHealthIndicator(sync, deployments);

  @Test
  void downUntilTheActiveModelsAreLoaded() {
    given(sync.hasSynced()).willReturn(false);

    assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void upOnceEveryActiveModelServes() {
    given(sync.hasSynced()).willReturn(true);
    given(deployments.served()).willReturn(Map.of("fashion", 3));
    given(deployments.failures()).willReturn(Map.of());

    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("served")).isEqualTo(Map.of("fashion", "version 3"));
  }

  @Test
  void downWhileAnActiveModelFailedToLoad() {
    given(sync.hasSynced()).willReturn(true);
    given(deployments.served()).willReturn(Map.of());
    given(deployments.failures()).willReturn(Map.of("pets", "checkpoint damaged"));

    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("failed")).isEqualTo(Map.of("pets", "checkpoint damaged"));
  }
}

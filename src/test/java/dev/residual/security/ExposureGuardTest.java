package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.residual.ResidualApplication;
import dev.residual.security.SecurityProperties.ApiToken;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class ExposureGuardTest {

  static final SecurityProperties NO_TOKENS = new SecurityProperties(List.of(), false);

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"})
  void loopbackNeedsNoTokens(String address) {
    assertThat(ExposureGuard.isLoopback(address)).isTrue();
    assertThatCode(() -> ExposureGuard.check(address, NO_TOKENS)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "10.0.0.7"})
  void anyOtherAddressWithoutTokensIsRefused(String address) {
    assertThat(ExposureGuard.isLoopback(address)).isFalse();
    assertThatThrownBy(() -> ExposureGuard.check(address, NO_TOKENS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refuses to listen on")
        .hasMessageContaining("residual.security.tokens")
        .hasMessageContaining("residual.security.allow-unauthenticated=true");
  }

  @Test
  void tokensOrAnExplicitOptOutAllowOtherAddresses() {
    SecurityProperties tokens =
        new SecurityProperties(
            List.of(new ApiToken("ops", "admin-token-0123456789", null, Role.ADMIN)), false);
    assertThatCode(() -> ExposureGuard.check("0.0.0.0", tokens)).doesNotThrowAnyException();
    assertThatCode(() -> ExposureGuard.check(null, new SecurityProperties(List.of(), true)))
        .doesNotThrowAnyException();
  }

  @Test
  void theServiceRefusesToStartOnAllInterfacesWithoutTokens(@TempDir Path dataDir) {
    Throwable failure =
        startUp("--server.address=0.0.0.0", "--server.port=0", "--residual.data-dir=" + dataDir);

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Residual refuses to listen on 0.0.0.0 (server.address)");
    assertThat(dataDir).as("it stopped before opening the database").isEmptyDirectory();
  }

  @Test
  void badTokensStopStartUpNamingTheEntry(@TempDir Path dataDir) {
    Throwable failure =
        startUp(
            "--server.port=0",
            "--residual.data-dir=" + dataDir,
            "--residual.security.tokens[0].name=ops",
            "--residual.security.tokens[0].token=short",
            "--residual.security.tokens[0].role=admin");

    assertThat(failure)
        .hasMessageContaining("residual.security.tokens[0] 'token' must have at least 16");
  }

  /** Command-line arguments, like an operator's, outrank application.yaml's loopback default. */
  private static Throwable startUp(String... args) {
    Throwable failure =
        catchThrowable(
            () -> {
              try (ConfigurableApplicationContext started =
                  new SpringApplicationBuilder(ResidualApplication.class).run(args)) {
                fail("The service started: " + started);
              }
            });
    if (failure instanceof AssertionError started) {
      throw started;
    }
    return failure;
  }
}

package dev.residual.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.security.SecurityProperties.ApiToken;
import dev.residual.security.TokenRegistry.Caller;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRegistryTest {

  static final String ADMIN = "admin-token-0123456789";
  static final String TRAINER = "trainer-token-0123456789";

  static SecurityProperties tokens(ApiToken... tokens) {
    return new SecurityProperties(Arrays.asList(tokens), false);
  }

  static String sha256Hex(String token) {
    return HexFormat.of().formatHex(TokenRegistry.sha256(token));
  }

  @Test
  void acceptsPlainAndHashedTokensAndNothingElse() {
    TokenRegistry registry =
        TokenRegistry.of(
            tokens(
                new ApiToken("ops", ADMIN, null, Role.ADMIN),
                new ApiToken("ci", null, sha256Hex(TRAINER).toUpperCase(), Role.TRAINER)));

    assertThat(registry.authenticate(ADMIN)).contains(new Caller("ops", Role.ADMIN));
    assertThat(registry.authenticate(TRAINER)).contains(new Caller("ci", Role.TRAINER));
    assertThat(registry.authenticate(ADMIN + "x")).isEmpty();
    assertThat(registry.authenticate(ADMIN.substring(1))).isEmpty();
    assertThat(registry.authenticate(sha256Hex(TRAINER))).as("the digest is no token").isEmpty();
    assertThat(registry.authenticate("")).isEmpty();
    assertThat(registry.authenticate(null)).isEmpty();
  }

  @Test
  void noTokensMeansAnEmptyRegistry() {
    assertThat(TokenRegistry.of(new SecurityProperties(List.of(), false)).isEmpty()).isTrue();
    assertThat(TokenRegistry.of(new SecurityProperties(null, false)).isEmpty()).isTrue();
  }

  @Test
  void rejectsConfigurationMistakesNamingTheEntry() {
    assertThatThrownBy(
            () -> TokenRegistry.of(tokens(new ApiToken("ops", "short", null, Role.ADMIN))))
        .hasMessageContaining("residual.security.tokens[0]")
        .hasMessageContaining("at least 16 characters");
    assertThatThrownBy(
            () ->
                TokenRegistry.of(tokens(new ApiToken("ops", ADMIN, sha256Hex(ADMIN), Role.ADMIN))))
        .hasMessageContaining("exactly one of 'token' and 'sha256'");
    assertThatThrownBy(() -> TokenRegistry.of(tokens(new ApiToken("ops", null, null, Role.ADMIN))))
        .hasMessageContaining("exactly one of 'token' and 'sha256'");
    assertThatThrownBy(() -> TokenRegistry.of(tokens(new ApiToken("ops", null, "abc", Role.ADMIN))))
        .hasMessageContaining("64 hexadecimal digits");
    assertThatThrownBy(() -> TokenRegistry.of(tokens(new ApiToken(" ", ADMIN, null, Role.ADMIN))))
        .hasMessageContaining("needs a 'name'");
    assertThatThrownBy(() -> TokenRegistry.of(tokens(new ApiToken("ops", ADMIN, null, null))))
        .hasMessageContaining("needs a 'role'");
    assertThatThrownBy(
            () ->
                TokenRegistry.of(
                    tokens(
                        new ApiToken("ops", ADMIN, null, Role.ADMIN),
                        new ApiToken("web", null, sha256Hex(ADMIN), Role.PREDICTOR))))
        .hasMessageContaining("residual.security.tokens[1] repeats the token of 'ops'");
  }
}

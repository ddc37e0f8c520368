package dev.residual.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadUrlGuardTest {

  private final DownloadUrlGuard guard =
      new DownloadUrlGuard(
          new DownloadPolicy(
              Set.of("127.0.0.1", "localhost", "10.1.2.3", "[::1]", "::1", "Example.org"),
              false,
              1024,
              Duration.ofSeconds(1),
              Duration.ofSeconds(1)));

  // Literal addresses: InetAddress.getByName parses them without asking DNS.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.8.8",
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.255",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1"
      })
  void treatsLoopbackPrivateAndLinkLocalAsNonPublic(String literal) throws Exception {
    assertThat(DownloadUrlGuard.isNonPublic(InetAddress.getByName(literal))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "52.219.0.1", "172.32.0.1", "100.128.0.1", "2a00:1450::1"})
  void treatsPublicAddressesAsPublic(String literal) throws Exception {
    assertThat(DownloadUrlGuard.isNonPublic(InetAddress.getByName(literal))).isFalse();
  }

  @Test
  void refusesOtherSchemesCredentialsAndUnlistedHosts() {
    assertThatThrownBy(() -> guard.check(URI.create("file:///etc/passwd")))
        .hasMessageContaining("only http and https");
    assertThatThrownBy(() -> guard.check(URI.create("ftp://example.org/x")))
        .hasMessageContaining("only http and https");
    assertThatThrownBy(() -> guard.check(URI.create("http://user:pw@example.org/x")))
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> guard.check(URI.create("https://evil.example/x")))
        .hasMessageContaining("host evil.example is not in residual.datasets.allowed-hosts");
  }

  @Test
  void refusesAllowedHostsThatResolveInside() {
    assertThatThrownBy(() -> guard.check(URI.create("http://localhost:8080/x")))
        .isInstanceOf(DatasetDownloadException.class)
        .hasMessageContaining("non-public address")
        .hasMessageContaining("allow-private-addresses");
    assertThatThrownBy(() -> guard.check(URI.create("http://10.1.2.3/x")))
        .hasMessageContaining("non-public address 10.1.2.3");
    assertThatThrownBy(() -> guard.check(URI.create("http://[::1]/x")))
        .hasMessageContaining("non-public address");
  }
}

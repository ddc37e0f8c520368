package dev.residual.datasets.download;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link DatasetDownloader} may fetch: the only hosts it talks to, whether they may resolve to
 * loopback, private or link-local addresses (tests serve from 127.0.0.1), the largest file it
 * accepts and how long it waits to connect and for a response to start.
 */
public record DownloadPolicy(
    Set<String> allowedHosts,
    boolean allowPrivateAddresses,
    long maxBytes,
    Duration connectTimeout,
    Duration responseTimeout) {

  public DownloadPolicy {
    allowedHosts =
        allowedHosts.stream()
            .map(host -> host.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
  }
}

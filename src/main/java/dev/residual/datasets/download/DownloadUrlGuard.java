package dev.residual.datasets.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a URL may be fetched: http or https, no credentials, an allow-listed host, and
 * (unless allowed) no address that reaches the machine itself or its private networks, checked
 * after DNS resolution so that a public-looking name cannot point inside.
 *
 * <p>The HTTP client resolves the name again when it connects, so a DNS server that changes its
 * answer in between could still slip through; the host allow-list is the first line of defence.
 */
final class DownloadUrlGuard {

  private final DownloadPolicy policy;

  DownloadUrlGuard(DownloadPolicy policy) {
    this.policy = policy;
  }

  void check(URI uri) throws DatasetDownloadException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DatasetDownloadException(uri + ": only http and https URLs are allowed");
    }
    if (uri.getRawUserInfo() != null) {
      throw new DatasetDownloadException(uri + ": credentials in URLs are not allowed");
    }
    String host = host(uri);
    if (host.isEmpty()) {
      throw new DatasetDownloadException(uri + ": URL has no host");
    }
    if (!policy.allowedHosts().contains(host)) {
      throw new DatasetDownloadException(
          uri + ": host " + host + " is not in residual.datasets.allowed-hosts");
    }
    if (policy.allowPrivateAddresses()) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new DatasetDownloadException(uri + ": cannot resolve host " + host, e);
    }
    for (InetAddress address : addresses) {
      if (isNonPublic(address)) {
        throw new DatasetDownloadException(
            uri
                + ": host "
                + host
                + " resolves to the non-public address "
                + address.getHostAddress()
                + " (loopback, private, link-local or unspecified); "
                + "set residual.datasets.allow-private-addresses to allow it");
      }
    }
  }

  /** Lowercase host without IPv6 brackets, or an empty string. */
  static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return "";
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  static boolean isNonPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      // 0.0.0.0/8 "this network" and 100.64.0.0/10 carrier-grade NAT are not covered by the JDK.
      return first == 0 || (first == 100 && second >= 64 && second < 128);
    }
    if (address instanceof Inet6Address) {
      // fc00::/7 unique-local: the JDK only knows the deprecated fec0::/10 site-local range.
      return (bytes[0] & 0xfe) == 0xfc;
    }
    return false;
  }
}

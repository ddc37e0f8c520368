package dev.residual.security;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The host names the service answers to, against DNS rebinding: a page on {@code evil.example} that
 * re-points its name at 127.0.0.1 reaches the service with {@code Host: evil.example}, so a name
 * the service was not told about is refused. IP addresses cannot be rebound (a page's origin is
 * then that address) and always pass, as do loopback names and the configured ones ({@code
 * residual.security.allowed-hosts}: exact names, {@code *.suffix} patterns or {@code *}).
 *
 * <p>Without tokens the check always applies. With tokens a rebinding page cannot authenticate, so
 * the check applies only once names are configured, and a deployment behind a Service or an ingress
 * needs no list to start with.
 */
final class HostCheck implements Predicate<String> {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final boolean enforced;
  private final List<String> allowed;

  HostCheck(SecurityProperties properties, boolean hasTokens) {
    this.allowed =
        properties.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    this.enforced = !allowed.contains("*") && (!hasTokens || !allowed.isEmpty());
  }

  @Override
  public boolean test(String serverName) {
    if (!enforced) {
      return true;
    }
    if (serverName == null || serverName.isBlank()) {
      return false;
    }
    String host = serverName.strip().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (isAddress(host) || host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    for (String name : allowed) {
      if (name.equals(host) || name.startsWith("*.") && host.endsWith(name.substring(1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAddress(String host) {
    return IPV4.matcher(host).matches() || host.startsWith("[") || host.indexOf(':') >= 0;
  }
}

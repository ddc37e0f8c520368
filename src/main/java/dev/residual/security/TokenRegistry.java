package dev.residual.security;

import dev.residual.security.SecurityProperties.ApiToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The accepted tokens, held only as SHA-256 digests. A presented token is hashed and compared with
 * every digest in constant time, so neither the comparison nor the number of entries tried tells an
 * attacker how close a guess came or which token matched.
 */
final class TokenRegistry {

  /** Shorter tokens are guessable; 16 characters of a random token are well beyond that. */
  static final int MIN_TOKEN_LENGTH = 16;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final List<Entry> entries;

  /** Who presented a valid token. */
  record Caller(String name, Role role) {}

  private record Entry(byte[] digest, Caller caller) {}

  private TokenRegistry(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Validates the configured tokens; a mistake stops start-up with the offending entry named. */
  static TokenRegistry of(SecurityProperties properties) {
    List<Entry> entries = new ArrayList<>();
    List<ApiToken> tokens = properties.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      String where = "residual.security.tokens[" + i + "]";
      ApiToken token = tokens.get(i);
      if (token == null || isBlank(token.name())) {
        throw invalid(where, "needs a 'name'");
      }
      if (token.role() == null) {
        throw invalid(where, "needs a 'role': admin, trainer or predictor");
      }
      byte[] digest = digestOf(where, token);
      for (Entry other : entries) {
        if (MessageDigest.isEqual(other.digest(), digest)) {
          throw invalid(where, "repeats the token of '" + other.caller().name() + "'");
        }
      }
      entries.add(new Entry(digest, new Caller(token.name(), token.role())));
    }
    return new TokenRegistry(entries);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  /** The caller whose token this is, if any. */
  Optional<Caller> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    Caller match = null;
    for (Entry entry : entries) {
      // No early exit: every entry costs the same whether or not an earlier one matched.
      boolean equal = MessageDigest.isEqual(entry.digest(), digest);
      if (equal && match == null) {
        match = entry.caller();
      }
    }
    return Optional.ofNullable(match);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static byte[] digestOf(String where, ApiToken token) {
    boolean plain = !isBlank(token.token());
    boolean hashed = !isBlank(token.sha256());
    if (plain == hashed) {
      throw invalid(where, "needs exactly one of 'token' and 'sha256'");
    }
    if (plain) {
      if (token.token().strip().length() < MIN_TOKEN_LENGTH) {
        throw invalid(where, "'token' must have at least " + MIN_TOKEN_LENGTH + " characters");
      }
      return sha256(token.token().strip());
    }
    if (!SHA256_HEX.matcher(token.sha256().strip()).matches()) {
      throw invalid(where, "'sha256' must be 64 hexadecimal digits");
    }
    return HexFormat.of().parseHex(token.sha256().strip().toLowerCase(Locale.ROOT));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static IllegalStateException invalid(String where, String problem) {
    return new IllegalStateException("Invalid API token configuration: " + where + " " + problem);
  }
}

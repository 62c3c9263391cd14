package dev.dagflow.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens a server accepts and what each may do. Tokens are kept as SHA-256 digests and
 * compared by digest, so a lookup does not leak the token through timing.
 *
 * <p>Format (file given by {@code --auth-tokens-file}, or the {@code DAGFLOW_API_TOKENS}
 * environment variable): one entry per line, or entries separated by {@code ;} or whitespace; each
 * entry is {@code TOKEN:SCOPE[,SCOPE...]} with scopes {@code read}, {@code write} (implies read)
 * and {@code metrics} (only {@code GET /metrics}). Blank lines and lines starting with {@code #}
 * are ignored.
 *
 * <pre>{@code
 * ApiTokens tokens = ApiTokens.parse("ci-bot:read,write\nprometheus:metrics");
 * tokens.scopesOf("ci-bot");   // -> [READ, WRITE]
 * }</pre>
 */
public final class ApiTokens {

  /** What a token may do. */
  public enum Scope {
    READ,
    WRITE,
    METRICS
  }

  private static final ApiTokens NONE = new ApiTokens(Map.of());

  private final Map<String, Set<Scope>> scopesByDigest;

  private ApiTokens(Map<String, Set<Scope>> scopesByDigest) {
    this.scopesByDigest = Map.copyOf(scopesByDigest);
  }

  /** No tokens: every route is open. */
  public static ApiTokens none() {
    return NONE;
  }

  /** Parses the format described above; throws {@link IllegalArgumentException} on a bad entry. */
  public static ApiTokens parse(String text) {
    var byDigest = new java.util.HashMap<String, Set<Scope>>();
    List<String> problems = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\\R")) {
      lineNo++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      for (String entry : trimmed.split("[;\\s]+")) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
          problems.add(
              "line %d: expected TOKEN:SCOPE[,SCOPE], got an entry without scopes"
                  .formatted(lineNo));
          continue;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : entry.substring(colon + 1).split(",")) {
          try {
            scopes.add(Scope.valueOf(s.strip().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            problems.add("line %d: unknown scope '%s' (read, write, metrics)".formatted(lineNo, s));
          }
        }
        if (scopes.contains(Scope.WRITE)) {
          scopes.add(Scope.READ);
        }
        byDigest.put(digest(entry.substring(0, colon)), Set.copyOf(scopes));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid API tokens: " + String.join("; ", problems));
    }
    return new ApiTokens(byDigest);
  }

  /** True when no token is configured (the API is open). */
  public boolean isEmpty() {
    return scopesByDigest.isEmpty();
  }

  /** The scopes of a presented token; empty when the token is unknown. */
  public Optional<Set<Scope>> scopesOf(String token) {
    return Optional.ofNullable(scopesByDigest.get(digest(token)));
  }

  private static String digest(String token) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

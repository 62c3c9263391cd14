package dev.dagflow.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the store's database is: a JDBC URL, its credentials and its dialect. Parses the seed's
 * {@code postgresql://user:pass@host:port/db} form (also {@code postgres://}) and plain JDBC URLs
 * ({@code jdbc:postgresql:…}, {@code jdbc:h2:…}). {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * DatabaseUrl url = DatabaseUrl.parse("postgresql://dagflow:secret@db:5432/dagflow");
 * url.jdbcUrl();   // jdbc:postgresql://db:5432/dagflow
 * url.redacted();  // postgresql://dagflow:***@db:5432/dagflow
 * }</pre>
 *
 * @param jdbcUrl the URL handed to the driver
 * @param user the user, or null when the URL carries it (or none is needed)
 * @param password the password, or null
 * @param dialect "h2" or "postgresql"
 * @param inMemory true for a private in-memory H2 database that a store built on it owns and drops
 *     when it closes (see {@link #shared()})
 */
public record DatabaseUrl(
    String jdbcUrl, String user, String password, String dialect, boolean inMemory) {

  public static final String H2 = "h2";
  public static final String POSTGRESQL = "postgresql";

  /**
   * Parses a database URL as users write it; throws {@link IllegalArgumentException} if unknown.
   */
  public static DatabaseUrl parse(String url) {
    String trimmed = url.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return fromPostgresUri(trimmed);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(trimmed, null, null, POSTGRESQL, false);
    }
    if (lower.startsWith("jdbc:h2:")) {
      return new DatabaseUrl(durableH2(trimmed), null, null, H2, false);
    }
    throw new IllegalArgumentException(
        "unsupported database URL %s: expected postgresql://user:pass@host:port/db, jdbc:postgresql:… or jdbc:h2:…"
            .formatted(redact(trimmed)));
  }

  /**
   * The embedded H2 database file {@code <dataDir>/dagflow}. Its file system is H2's {@code
   * retry:}, which reopens the file when a thread is interrupted during I/O: with the plain one, an
   * interrupted engine thread closes the file under the whole database. Commits are written to the
   * file before they return ({@code WRITE_DELAY=0}; see docs/engine.md, "Durability").
   */
  public static DatabaseUrl h2File(Path dataDir) {
    String file = dataDir.toAbsolutePath().resolve("dagflow").toString();
    return new DatabaseUrl(
        durableH2("jdbc:h2:retry:" + file + ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64"),
        null,
        null,
        H2,
        false);
  }

  /**
   * The path of an embedded H2 database file ({@code jdbc:h2:[file:|retry:]PATH}), or empty for an
   * in-memory, TCP or other remote H2 URL and for PostgreSQL.
   */
  public Optional<Path> findH2File() {
    return h2FilePath(jdbcUrl).map(Path::of);
  }

  private static Optional<String> h2FilePath(String jdbcUrl) {
    if (!jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      return Optional.empty();
    }
    String rest = jdbcUrl.substring(8).split(";", 2)[0];
    for (String prefix : new String[] {"retry:", "file:"}) {
      rest = rest.startsWith(prefix) ? rest.substring(prefix.length()) : rest;
    }
    // mem:, tcp:, ssl:, nio:, zip: … are not a plain local file
    boolean scheme = rest.matches("^[A-Za-z]{2,}:.*");
    return rest.isEmpty() || scheme ? Optional.empty() : Optional.of(rest);
  }

  /**
   * Settings an embedded H2 file needs, unless the URL chooses them itself. {@code WRITE_DELAY=0}:
   * H2 otherwise keeps a commit in memory for up to 500 ms before writing it to the file, so a
   * process crash in that window loses what the API already acknowledged. {@code
   * DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the database while
   * dagflow's hook still drains running nodes into it; the store closes it last.
   */
  private static String durableH2(String jdbcUrl) {
    if (h2FilePath(jdbcUrl).isEmpty()) {
      return jdbcUrl;
    }
    String upper = jdbcUrl.toUpperCase(Locale.ROOT);
    String url = jdbcUrl;
    url += upper.contains(";WRITE_DELAY=") ? "" : ";WRITE_DELAY=0";
    url += upper.contains(";DB_CLOSE_ON_EXIT=") ? "" : ";DB_CLOSE_ON_EXIT=FALSE";
    return url;
  }

  /** A private in-memory H2 database that lives until the store closes. */
  public static DatabaseUrl h2InMemory() {
    return new DatabaseUrl(
        "jdbc:h2:mem:dagflow-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64",
        null,
        null,
        H2,
        true);
  }

  /** The same database for a second store that must not drop it on close. */
  public DatabaseUrl shared() {
    return new DatabaseUrl(jdbcUrl, user, password, dialect, false);
  }

  /** The URL with its password masked, for messages and logs. */
  public String redacted() {
    String shown = redact(jdbcUrl);
    return user == null ? shown : shown + " (user " + user + ")";
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static DatabaseUrl fromPostgresUri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed database URL " + redact(url), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database URL has no host: " + redact(url));
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new DatabaseUrl(
        "jdbc:postgresql://" + host + port + path + query, user, password, POSTGRESQL, false);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Masks {@code user:pass@} credentials and {@code password=} parameters. */
  static String redact(String url) {
    return url.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@")
        .replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}

package dev.dagflow.server.internal;

import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.server.ApiTokens;
import dev.dagflow.server.ApiTokens.Scope;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * Bearer-token checks. With no token configured every route is open; otherwise every route but
 * {@code /health*} and the web UI's static files ({@code /}, {@code /ui/…}, {@code /webjars/…}: no
 * data, and a browser cannot attach a header to a page load) needs {@code Authorization: Bearer
 * TOKEN}: reads need the {@code read} scope, writes {@code write}, and {@code GET /metrics} accepts
 * {@code metrics} or {@code read}. Browsers cannot set headers on a WebSocket: they offer the token
 * as a {@code Sec-WebSocket-Protocol} entry {@code bearer.dagflow.dev.TOKEN} (as Kubernetes does);
 * other WebSocket clients may pass {@code ?access_token=}.
 *
 * <pre>{@code
 * cfg.routes.before(ctx -> auth.check(ctx));
 * }</pre>
 */
public final class Auth {
  /** The prefix of the WebSocket subprotocol entry that carries a token. */
  public static final String WS_TOKEN_PREFIX = "bearer.dagflow.dev.";

  private final ApiTokens tokens;

  public Auth(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** Throws a 401 or 403 problem when the request may not proceed. */
  public void check(Context ctx) {
    if (tokens.isEmpty() || isOpen(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    String token = bearer(ctx.header("Authorization"));
    if (token == null && ctx.path().startsWith("/ws/")) {
      token = subprotocolToken(ctx.header("Sec-WebSocket-Protocol"));
    }
    if (token == null && ctx.path().startsWith("/ws/")) {
      token = ctx.queryParam("access_token");
    }
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new DagflowException(401, "missing bearer token");
    }
    Set<Scope> scopes =
        tokens
            .scopesOf(token)
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                  return new DagflowException(401, "unknown bearer token");
                });
    if (!allowed(ctx, scopes)) {
      ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      throw new DagflowException(
          403, "token lacks the scope for %s %s".formatted(ctx.method(), ctx.path()));
    }
  }

  private static boolean allowed(Context ctx, Set<Scope> scopes) {
    if (ctx.path().equals("/metrics")) {
      return scopes.contains(Scope.METRICS) || scopes.contains(Scope.READ);
    }
    boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    return scopes.contains(read ? Scope.READ : Scope.WRITE);
  }

  private static boolean isOpen(String path) {
    return path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/")
        || path.equals("/ui")
        || path.startsWith("/ui/")
        || path.startsWith("/webjars/");
  }

  /** The token in an offered {@code bearer.dagflow.dev.TOKEN} entry, or null. */
  static String subprotocolToken(String offered) {
    if (offered == null) {
      return null;
    }
    for (String entry : offered.split(",")) {
      String p = entry.strip();
      if (p.startsWith(WS_TOKEN_PREFIX) && p.length() > WS_TOKEN_PREFIX.length()) {
        return p.substring(WS_TOKEN_PREFIX.length());
      }
    }
    return null;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}

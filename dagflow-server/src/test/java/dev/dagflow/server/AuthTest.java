package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
  private ServerFixture api;
  private String runId;

  // every route is called with a write token, DELETE /runs/{run_id} too: each test gets a run
  @BeforeEach
  void freshRun() {
    api.token = "writer";
    runId = api.submit("noop_flow", "{}");
    api.token = null;
  }

  @BeforeAll
  void start() {
    api =
        ServerFixture.on(
            false,
            e -> {},
            s -> s.tokens(ApiTokens.parse("reader:read\nwriter:write\nscraper:metrics")));
    api.token = "writer";
    api.register(ServerFixture.NOOP_FLOW);
    api.token = null;
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void everyRouteButHealthAndTheUiShellNeedsAToken() {
    for (String route : httpRoutes()) {
      int status = call(route, null).statusCode();
      if (isOpen(route)) {
        assertThat(status).as(route).isNotIn(401, 403);
      } else {
        assertThat(status).as(route).isEqualTo(401);
      }
    }
  }

  @Test
  void anUnknownTokenIs401OnEveryProtectedRoute() {
    for (String route : httpRoutes()) {
      if (!isOpen(route)) {
        HttpResponse<String> r = call(route, "forged");
        assertThat(r.statusCode()).as(route).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).as(route).isPresent();
      }
    }
  }

  @Test
  void aReadTokenReadsButIsForbiddenOnEveryWriteRoute() {
    for (String route : httpRoutes()) {
      int status = call(route, "reader").statusCode();
      if (route.startsWith("GET ")) {
        assertThat(status).as(route).isNotIn(401, 403);
      } else {
        assertThat(status).as(route).isEqualTo(403);
      }
    }
  }

  @Test
  void aWriteTokenPassesEveryRoute() {
    for (String route : httpRoutes()) {
      assertThat(call(route, "writer").statusCode()).as(route).isNotIn(401, 403);
    }
  }

  @Test
  void aMetricsTokenScrapesButReadsNothingElse() {
    assertThat(call("GET /metrics", "scraper").statusCode()).isEqualTo(200);
    assertThat(call("GET /runs", "scraper").statusCode()).isEqualTo(403);
  }

  @Test
  void webSocketsNeedAReadToken() {
    String url = api.base.replace("http://", "ws://") + "/ws/events";
    Throwable refused =
        org.assertj.core.api.Assertions.catchThrowable(() -> WsClient.connect(api.http, url, true));

    WsClient accepted = WsClient.connect(api.http, url + "?access_token=reader", true);

    assertThat(refused).isInstanceOf(CompletionException.class);
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
        .isEqualTo(401);
    accepted.socket.abort();
  }

  @Test
  void browsersPassTheTokenAsAWebSocketSubprotocolEntry() {
    String url = api.base.replace("http://", "ws://") + "/ws/runs/" + runId;
    Throwable wrong =
        catchThrowable(
            () ->
                api.http
                    .newWebSocketBuilder()
                    .subprotocols("dagflow.v1", "bearer.dagflow.dev.nobody")
                    .buildAsync(URI.create(url), new WebSocket.Listener() {})
                    .join());

    WebSocket accepted =
        api.http
            .newWebSocketBuilder()
            .subprotocols("dagflow.v1", "bearer.dagflow.dev.reader")
            .buildAsync(URI.create(url), new WebSocket.Listener() {})
            .join();

    assertThat(((WebSocketHandshakeException) wrong.getCause()).getResponse().statusCode())
        .isEqualTo(401);
    assertThat(accepted.getSubprotocol()).isEqualTo("dagflow.v1");
    accepted.abort();
  }

  @Test
  void theUiShellLoadsWithoutATokenButItsDataDoesNot() {
    assertThat(api.get("/ui/runs").statusCode()).isEqualTo(200);
    assertThat(api.get("/ui/js/main.js").statusCode()).isEqualTo(200);
    assertThat(api.get("/workflows/noop_flow/graph").statusCode()).isEqualTo(401);
  }

  private List<String> httpRoutes() {
    return api.server.routes().stream().filter(r -> !r.startsWith("WS ")).toList();
  }

  private HttpResponse<String> call(String route, String token) {
    String method = route.substring(0, route.indexOf(' '));
    String path =
        path(route)
            .replace("{workflow_id}", "noop_flow")
            .replace("{run_id}", runId)
            .replace("{node_id}", "only")
            .replace("{schedule_id}", "nightly");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(java.net.URI.create(api.base + path))
            .method(
                method,
                method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (method.equals("DELETE")) {
      // deleting the shared workflow would break other checks: target one that does not exist
      b.uri(java.net.URI.create(api.base + path.replace("noop_flow", "absent_flow")));
    }
    return api.send(b);
  }

  /** Health, and "/" which redirects to the UI's static files (they hold no data). */
  private static boolean isOpen(String route) {
    return path(route).startsWith("/health") || path(route).equals("/");
  }

  private static String path(String route) {
    return route.substring(route.indexOf(' ') + 1);
  }
}

package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.engine.node.internal.ConfigValues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code http}: one request with {@code method} (default GET), {@code url}, {@code headers}, {@code
 * body} (a string, or a map/list sent as JSON) and {@code expect_status} (a code or a list; default
 * any 2xx). Output {@code {status, body}}, the body parsed when it is JSON. Link-local and metadata
 * addresses (169.254.0.0/16, fe80::/10) are refused unless the engine allows them.
 *
 * <pre>{@code
 * config: {method: POST, url: "https://ci.example/api/builds", body: {ref: "${params.ref}"}}
 * }</pre>
 */
public final class HttpExecutor implements NodeExecutor {
  private final HttpClient client;
  private final boolean allowLinkLocal;

  public HttpExecutor(boolean allowLinkLocal) {
    this.allowLinkLocal = allowLinkLocal;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String type() {
    return "http";
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws IOException, InterruptedException {
    Map<String, Object> config = ctx.config();
    URI uri = URI.create(ConfigValues.requireString(config, "url"));
    if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
      return NodeResult.failure("url must be an http(s) URL with a host: " + uri);
    }
    if (!allowLinkLocal) {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (address.isLinkLocalAddress()) {
          return NodeResult.failure(
              "refusing link-local/metadata address "
                  + address.getHostAddress()
                  + " of "
                  + uri.getHost());
        }
      }
    }
    String method = String.valueOf(config.getOrDefault("method", "GET")).toUpperCase();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (ctx.deadline() != null) {
      Duration left = Duration.between(Instant.now(), ctx.deadline());
      request.timeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
    }
    ConfigValues.map(config, "headers").forEach((k, v) -> request.header(k, String.valueOf(v)));
    Object body = config.get("body");
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (body instanceof Map<?, ?> || body instanceof List<?>) {
      publisher =
          HttpRequest.BodyPublishers.ofByteArray(JsonMapper.shared().writeValueAsBytes(body));
      if (!ConfigValues.map(config, "headers").containsKey("Content-Type")) {
        request.header("Content-Type", "application/json");
      }
    } else if (body != null) {
      publisher = HttpRequest.BodyPublishers.ofString(String.valueOf(body));
    }
    request.method(method, publisher);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    ObjectNode output = JsonMapper.shared().createObjectNode();
    output.put("status", response.statusCode());
    output.set("body", parseBody(response));
    if (!expected(config.get("expect_status"), response.statusCode())) {
      return NodeResult.failure(
          "unexpected HTTP status " + response.statusCode() + " from " + method + " " + uri);
    }
    return NodeResult.success(output);
  }

  private static boolean expected(Object expect, int status) {
    if (expect == null) {
      return status >= 200 && status < 300;
    }
    List<?> codes = expect instanceof List<?> l ? l : List.of(expect);
    return codes.stream().anyMatch(c -> Integer.parseInt(String.valueOf(c)) == status);
  }

  private static JsonNode parseBody(HttpResponse<String> response) {
    String text = response.body();
    boolean json =
        response.headers().firstValue("Content-Type").orElse("").contains("json")
            || text.startsWith("{")
            || text.startsWith("[");
    if (json) {
      try {
        return JsonMapper.shared().readTree(text);
      } catch (RuntimeException notJson) {
        // fall through: keep the text as it came
      }
    }
    return JsonMapper.shared().getNodeFactory().stringNode(text);
  }
}

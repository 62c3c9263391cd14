package dev.dagflow.engine.node.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dagflow.engine.node.NodeResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpExecutorTest {
  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/json",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          byte[] out =
              ("{\"method\":\""
                      + x.getRequestMethod()
                      + "\",\"got\":"
                      + new String(body, StandardCharsets.UTF_8)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, out.length);
          x.getResponseBody().write(out);
          x.close();
        });
    server.createContext(
        "/missing",
        x -> {
          x.sendResponseHeaders(404, -1);
          x.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsJsonAndParsesAJsonResponse() throws Exception {
    NodeResult r =
        new HttpExecutor(false)
            .execute(
                Contexts.of(
                    "http",
                    Map.of("method", "POST", "url", base + "/json", "body", Map.of("a", 1)),
                    1,
                    Path.of(".")));
    NodeResult.Success s = (NodeResult.Success) r;
    assertThat(s.output().get("status").asInt()).isEqualTo(200);
    assertThat(s.output().get("body").get("method").asString()).isEqualTo("POST");
    assertThat(s.output().get("body").get("got").get("a").asInt()).isEqualTo(1);
  }

  @Test
  void anUnexpectedStatusFailsTheAttempt() throws Exception {
    NodeResult r =
        new HttpExecutor(false)
            .execute(Contexts.of("http", Map.of("url", base + "/missing"), 1, Path.of(".")));
    assertThat(((NodeResult.Failure) r).reason()).startsWith("unexpected HTTP status 404");
  }

  @Test
  void anExpectedStatusIsASuccess() throws Exception {
    NodeResult r =
        new HttpExecutor(false)
            .execute(
                Contexts.of(
                    "http",
                    Map.of("url", base + "/missing", "expect_status", 404),
                    1,
                    Path.of(".")));
    assertThat(r).isInstanceOf(NodeResult.Success.class);
  }

  @Test
  void linkLocalMetadataAddressesAreRefused() throws Exception {
    NodeResult r =
        new HttpExecutor(false)
            .execute(
                Contexts.of(
                    "http",
                    Map.of("url", "http://169.254.169.254/latest/meta-data/"),
                    1,
                    Path.of(".")));
    assertThat(((NodeResult.Failure) r).reason())
        .startsWith("refusing link-local/metadata address 169.254.169.254");
  }
}

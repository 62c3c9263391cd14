package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.WorkflowEngine;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

  @Test
  void bodiesOverTheLimitAre413WithOrWithoutContentLength() {
    try (ServerFixture api =
        ServerFixture.on(
            false, e -> {}, s -> s.limits(ServerLimits.builder().maxBodyBytes(4096).build()))) {
      api.register(ServerFixture.NOOP_FLOW);
      String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";

      HttpResponse<String> sized = api.post("/workflows/noop_flow/runs", big);
      HttpResponse<String> chunked =
          api.send(
              api.request("/workflows/noop_flow/runs")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(big.getBytes()))));

      assertThat(sized.statusCode()).isEqualTo(413);
      assertThat(ServerFixture.json(sized).path("status").asInt()).isEqualTo(413);
      assertThat(chunked.statusCode()).isEqualTo(413);
    }
  }

  @Test
  void aFullAdmissionQueueIs429WithRetryAfter() {
    try (ServerFixture api =
        ServerFixture.on(false, e -> e.maxActiveWorkflows(1).maxQueuedRuns(1), s -> {})) {
      api.register("id: hold\nnodes:\n  - {id: wait, type: mock, config: {duration: 5s}}\n");
      String running = api.submit("hold", "{}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.run(running).path("status").asString().equals("running"));
      api.submit("hold", "{}");

      HttpResponse<String> refused = api.post("/workflows/hold/runs", "{}");

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(ServerFixture.json(refused).path("title").asString())
          .isEqualTo("Too Many Requests");
    }
  }

  @Test
  void anUnexpectedErrorIs500WithoutInternals() {
    try (ServerFixture api = ServerFixture.withEngineView(LimitsTest::brokenCancel)) {
      api.register(ServerFixture.NOOP_FLOW);
      String runId = api.submit("noop_flow", "{}");

      HttpResponse<String> r = api.post("/runs/" + runId + "/cancel", "");

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
      assertThat(r.body()).doesNotContain("secret").doesNotContain("at dev.dagflow");
    }
  }

  /** The real engine, except that {@code cancel} fails with a bug. */
  private static WorkflowEngine brokenCancel(WorkflowEngine real) {
    return (WorkflowEngine)
        Proxy.newProxyInstance(
            WorkflowEngine.class.getClassLoader(),
            new Class<?>[] {WorkflowEngine.class},
            (proxy, method, args) -> {
              if (method.getName().equals("cancel")) {
                throw new NullPointerException("secret internals");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}

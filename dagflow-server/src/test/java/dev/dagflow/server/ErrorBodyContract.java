package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dagflow.server.internal.Problems;
import dev.dagflow.store.testing.TestStores;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Request ids on every response, and 5xx bodies that keep the server's insides in the log (docs/
 * api.md, "Errors"). Run on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ErrorBodyContract {
  private static final String UUID_FORM =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private ServerFixture api;

  abstract boolean postgres();

  @BeforeAll
  void startServer() {
    api = ServerFixture.on(postgres(), e -> {}, s -> {});
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  @Test
  void everyResponseCarriesARequestId() {
    HttpResponse<String> ok = api.get("/health/live");
    HttpResponse<String> missing = api.get("/no/such/route");

    assertThat(ok.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches(UUID_FORM));
    String id = missing.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(ServerFixture.json(missing).path("request_id").asString()).isEqualTo(id);
  }

  @Test
  void aWellFormedClientRequestIdIsKeptAndAnOddOneReplaced() {
    HttpResponse<String> kept =
        api.send(api.request("/workflows/ghost").header("X-Request-Id", "checkout-42.a:b_c").GET());
    HttpResponse<String> replaced =
        api.send(api.request("/workflows/ghost").header("X-Request-Id", "x\"><script>").GET());

    assertThat(kept.headers().firstValue("X-Request-Id")).contains("checkout-42.a:b_c");
    assertThat(ServerFixture.json(kept).path("request_id").asString())
        .isEqualTo("checkout-42.a:b_c");
    assertThat(replaced.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches(UUID_FORM));
  }

  @Test
  void aDatabaseFailureIs503WithARequestIdAndNoInternalsWhileTheLogHasTheCause() {
    Logger problemsLog = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    problemsLog.addAppender(logged);
    TestStores.execute(api.store, "ALTER TABLE workflows RENAME TO workflows_moved");
    HttpResponse<String> r;
    try {
      r = api.get("/workflows");
    } finally {
      TestStores.execute(api.store, "ALTER TABLE workflows_moved RENAME TO workflows");
      problemsLog.detachAppender(logged);
    }

    JsonNode problem = ServerFixture.json(r);
    String id = problem.path("request_id").asString();
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(problem.path("title").asString()).isEqualTo("Service Unavailable");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(r.headers().firstValue("X-Request-Id")).contains(id);
    assertThat(r.body())
        .doesNotContainIgnoringCase("select")
        .doesNotContainIgnoringCase("sql")
        .doesNotContainIgnoringCase("relation")
        .doesNotContainIgnoringCase("jdbc")
        .doesNotContainIgnoringCase("postgres")
        .doesNotContain("127.0.0.1")
        .doesNotContain("workflows_moved")
        .doesNotContain("\tat ");
    assertThat(logged.list)
        .anySatisfy(
            event -> {
              assertThat(event.getFormattedMessage()).contains(id);
              assertThat(event.getThrowableProxy()).isNotNull();
            });
  }
}

package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class HealthTest {

  @Test
  void probesAnswerWhenEverythingIsUp() {
    try (ServerFixture api = ServerFixture.h2()) {
      JsonNode ready = ServerFixture.json(api.get("/health/ready"));
      JsonNode all = ServerFixture.json(api.get("/health"));

      assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(api.get("/health/startup").statusCode()).isEqualTo(200);
      assertThat(ready.path("ready").asBoolean()).isTrue();
      assertThat(ready.path("checks").path("database").asBoolean()).isTrue();
      assertThat(ready.path("checks").path("engine").asBoolean()).isTrue();
      assertThat(ready.path("checks").path("migrations").asBoolean()).isTrue();
      assertThat(all.path("status").asString()).isEqualTo("UP");
      assertThat(api.scrape()).contains("dag_health_check_status{check_type=\"database\"} 1.0");
    }
  }

  @Test
  void readinessIs503WhileTheDatabaseIsUnreachableAnd200WhenItReturns(@TempDir Path dir)
      throws SQLException {
    // a database server this test can stop and start again: H2 over TCP, kept in files
    String baseDir = dir.toString();
    Server tcp =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", baseDir).start();
    int port = tcp.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:%d/ready".formatted(port);
    try (ServerFixture api =
        ServerFixture.custom(
            settings -> {
              JdbcStoreBuilder b =
                  JdbcStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1));
              settings.accept(b);
              return b.build();
            },
            e -> {},
            s ->
                s.limits(
                    ServerLimits.builder().readinessTimeout(Duration.ofMillis(1500)).build()))) {
      assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);

      tcp.stop();
      // a scrape alone re-evaluates the checks: DatabaseUnhealthy needs no prober
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> api.scrape().contains("dag_health_check_status{check_type=\"database\"} 0.0"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> api.get("/health/ready").statusCode() == 503);
      HttpResponse<String> down = api.get("/health/ready");
      assertThat(ServerFixture.json(down).path("ready").asBoolean()).isFalse();
      assertThat(ServerFixture.json(down).path("checks").path("database").asBoolean()).isFalse();
      assertThat(api.scrape()).contains("dag_health_check_status{check_type=\"database\"} 0.0");
      assertThat(api.get("/health/live").statusCode()).isEqualTo(200);

      tcp =
          Server.createTcpServer(
                  "-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", baseDir)
              .start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.get("/health/ready").statusCode() == 200);
      assertThat(api.scrape()).contains("dag_health_check_status{check_type=\"database\"} 1.0");
    } finally {
      tcp.stop();
    }
  }

  @Test
  void readinessTurns503AsSoonAsShutdownBegins() {
    ServerFixture api =
        ServerFixture.on(
            false,
            e -> {},
            s -> s.limits(ServerLimits.builder().shutdownGrace(Duration.ofSeconds(3)).build()));
    try {
      api.register("id: busy\nnodes:\n  - {id: wait, type: mock, config: {duration: 10s}}\n");
      String runId = api.submit("busy", "{}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.run(runId).path("status").asString().equals("running"));

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(api.server::stop);
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> api.get("/health/ready").statusCode() == 503);

      assertThat(ServerFixture.json(api.get("/health/ready")).path("draining").asBoolean())
          .isTrue();
      stopping.join();
    } finally {
      api.store.close();
    }
  }
}

package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class OpenApiTest {

  @Test
  @SuppressWarnings("unchecked")
  void specDescribesExactlyTheRoutesTheServerRegisters() {
    try (ServerFixture api = ServerFixture.h2()) {
      String yaml = api.get("/openapi.yaml").body();
      Map<String, Object> spec =
          (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
      Set<String> documented = new HashSet<>();
      paths.forEach(
          (path, ops) ->
              ops.keySet().stream()
                  .filter(k -> !k.equals("parameters"))
                  .forEach(
                      op ->
                          documented.add(
                              (path.startsWith("/ws/") ? "WS" : op.toUpperCase()) + " " + path)));

      assertThat(documented).containsExactlyInAnyOrderElementsOf(api.server.routes());
    }
  }

  @Test
  void specIsServedAsYaml() {
    try (ServerFixture api = ServerFixture.h2()) {
      var r = api.get("/openapi.yaml");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/yaml");
      assertThat(r.body()).startsWith("openapi: 3");
    }
  }
}

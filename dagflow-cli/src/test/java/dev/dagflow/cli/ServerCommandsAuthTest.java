package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server commands against a server that requires API tokens. */
class ServerCommandsAuthTest {
  @TempDir Path dir;

  @Test
  void theTokenIsSentAndItsScopeDecides() throws IOException {
    Path tokens =
        Files.writeString(dir.resolve("tokens"), "writer-token:read,write\nreader:read\n");
    Path flow =
        Files.writeString(dir.resolve("flow.yaml"), "id: flow\nnodes:\n  - {id: a, type: noop}\n");
    try (LiveServer server =
        LiveServer.start(dir.resolve("server"), "--auth-tokens-file", tokens.toString())) {
      LiveServer.Result anonymous = server.dagflow("apply", flow.toString());
      assertThat(anonymous.exit()).isEqualTo(2);
      assertThat(anonymous.err().strip()).isEqualTo("error: Unauthorized: missing bearer token");

      LiveServer.Result reader = server.dagflow("apply", flow.toString(), "--token", "reader");
      assertThat(reader.exit()).isEqualTo(2);
      assertThat(reader.err()).startsWith("error: Forbidden");

      LiveServer.Result applied =
          server.dagflow("apply", flow.toString(), "--token", "writer-token");
      assertThat(applied.exit()).as(applied.err()).isZero();
      LiveServer.Result waited =
          server.dagflow("submit", "flow", "--wait", "--token", "writer-token");
      assertThat(waited.exit()).as(waited.err()).isZero();
      assertThat(waited.err()).contains("run.succeeded");
      assertThat(server.dagflow("runs", "--token", "reader").out()).contains("flow v1");
    }
  }
}

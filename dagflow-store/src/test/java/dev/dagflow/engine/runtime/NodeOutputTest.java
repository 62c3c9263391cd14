package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NodeOutputTest extends H2EngineTest {

  @Test
  void templatesSeeParamsAndUpstreamOutputs() {
    engine();
    RunRecord run =
        h.run(
            """
            id: tpl
            params:
              who: {type: string, required: true}
              times: {type: integer, default: 3}
            nodes:
              - {id: a, type: mock, config: {output: {name: design}}}
              - id: b
                type: mock
                depends_on: [a]
                config:
                  output:
                    greeting: "hi ${params.who} after ${nodes.a.output.name}"
                    times: "${params.times}"
                    run: "${run.id}"
            """,
            Map.of("who", "ada"));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    JsonNode out = h.nodes(run.runId()).get("b").output();
    assertThat(out.get("greeting").asString()).isEqualTo("hi ada after design");
    assertThat(out.get("times").asInt()).isEqualTo(3);
    assertThat(out.get("run").asString()).isEqualTo(run.runId().toString());
    assertThat(store.contextStore().load(run.runId(), "nodes.b.output")).contains(out);
    assertThat(store.contextStore().load(run.runId(), "params").orElseThrow().get("times").asInt())
        .isEqualTo(3);
  }

  @Test
  void aShellNodeReportsThroughDagflowOutputWhenTheWorkDirIsGivenAsARelativePath() {
    Path relative = Path.of("").toAbsolutePath().relativize(work.toAbsolutePath());
    assertThat(relative.isAbsolute()).isFalse();
    engine(b -> b.workDir(relative));
    RunRecord run =
        h.run(
            """
            id: relwork
            nodes:
              - id: a
                type: shell
                config:
                  command: 'echo "{\\"output\\":{\\"ok\\":true},\\"quality_score\\":0.9}" > "$DAGFLOW_OUTPUT"'
            """,
            Map.of());
    NodeRecord a = h.nodes(run.runId()).get("a");
    assertThat(a.error()).isNull();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(a.output().get("ok").asBoolean()).isTrue();
    assertThat(a.qualityScore()).isEqualTo(0.9);
  }

  @Test
  void aTemplateFailingAtRunTimeFailsTheNodeWithTheReason() {
    engine();
    RunRecord run =
        h.run(
            """
            id: tplfail
            nodes:
              - {id: a, type: mock, config: {output: {}}}
              - {id: b, type: mock, depends_on: [a], config: {output: {x: "${nodes.a.output.missing}"}}}
            """,
            Map.of());
    NodeRecord b = h.nodes(run.runId()).get("b");
    assertThat(b.status()).isEqualTo(NodeStatus.FAILURE);
    assertThat(b.error()).startsWith("template failed:");
  }

  @Test
  void validContractsPassAndAreReportedInTheEvent() {
    engine();
    RunRecord run =
        h.run(
            """
            id: contracts
            params:
              n: {type: integer, required: true}
            nodes:
              - id: a
                type: mock
                config: {output: {count: 2}}
                contract:
                  input: {type: object, required: [params], properties: {params: {required: [n]}}}
                  output: {type: object, required: [count], properties: {count: {type: integer}}}
            """,
            Map.of("n", 1));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    EventRecord done = event(run, EventType.NODE_SUCCEEDED);
    assertThat(done.data().get("contracts")).hasSize(2);
    assertThat(done.data().get("contracts").get(0).get("type").asString()).isEqualTo("input");
    assertThat(done.data().get("contracts").get(1).get("valid").asBoolean()).isTrue();
  }

  @Test
  void inputContractViolationFailsTheNodeBeforeItRuns() {
    engine();
    RunRecord run =
        h.run(
            """
            id: badinput
            nodes:
              - {id: a, type: mock, config: {output: {v: 1}}}
              - id: b
                type: mock
                depends_on: [a]
                config: {output: {}}
                contract:
                  input: {properties: {nodes: {properties: {a: {properties: {output: {properties: {v: {type: string}}}}}}}}}
            """,
            Map.of());
    NodeRecord b = h.nodes(run.runId()).get("b");
    assertThat(b.status()).isEqualTo(NodeStatus.FAILURE);
    assertThat(b.error()).startsWith("input contract violated");
    assertThat(
            event(run, EventType.NODE_FAILED)
                .data()
                .get("contracts")
                .get(0)
                .get("valid")
                .asBoolean())
        .isFalse();
  }

  @Test
  void outputContractViolationFailsTheNode() {
    engine();
    RunRecord run =
        h.run(
            """
            id: badoutput
            nodes:
              - id: a
                type: mock
                config: {output: {count: many}}
                contract: {output: {properties: {count: {type: integer}}}}
            """,
            Map.of());
    assertThat(h.nodes(run.runId()).get("a").error()).startsWith("output contract violated");
  }

  @Test
  void qualityGateFailsAScoreBelowTheMinimum() {
    engine();
    RunRecord run =
        h.run(
            """
            id: gate
            nodes:
              - {id: a, type: mock, config: {quality_score: 0.5}, quality_gate: {min_score: 0.8}}
            """,
            Map.of());
    NodeRecord a = h.nodes(run.runId()).get("a");
    assertThat(a.status()).isEqualTo(NodeStatus.FAILURE);
    assertThat(a.error()).contains("below min_score 0.8");
  }

  @Test
  void artifactSizesAreMeasuredFromTheFiles() {
    engine();
    RunRecord run =
        h.run(
            """
            id: arts
            nodes:
              - id: build
                type: shell
                config:
                  command: |
                    head -c 1234 /dev/zero > app.jar
                    printf '{"output":{"ok":true},"quality_score":0.9,"artifacts":[{"type":"source_code","path":"app.jar"}]}' > "$DAGFLOW_OUTPUT"
            """,
            Map.of());
    NodeRecord n = h.nodes(run.runId()).get("build");
    assertThat(n.status()).isEqualTo(NodeStatus.SUCCESS);
    assertThat(n.qualityScore()).isEqualTo(0.9);
    Artifact a = n.artifacts().getFirst();
    assertThat(a.type()).isEqualTo("source_code");
    assertThat(a.name()).isEqualTo("app.jar");
    assertThat(a.sizeBytes()).isEqualTo(1234);
    assertThat(a.uri()).startsWith("file:");
    EventRecord done = event(run, EventType.NODE_SUCCEEDED);
    assertThat(done.data().get("artifacts").get(0).get("size_bytes").asLong()).isEqualTo(1234);
    assertThat(done.data().get("quality_score").asDouble()).isEqualTo(0.9);
  }

  @Test
  void anOutputOverTheLimitFailsTheNode() {
    engine(b -> b.maxOutputBytes(100));
    RunRecord run =
        h.run(
            """
            id: big
            nodes:
              - {id: a, type: mock, config: {output: {text: "%s"}}}
            """
                .formatted("x".repeat(200)),
            Map.of());
    assertThat(h.nodes(run.runId()).get("a").error()).contains("over the limit of 100 bytes");
  }

  @Test
  void shellWithoutAnOutputFileReportsExitCodeAndStdout() {
    engine();
    RunRecord run =
        h.run(
            """
            id: plain
            params:
              who: {type: string, default: "a; rm -rf /"}
            nodes:
              - id: a
                type: shell
                config: {command: 'printf "%s" "$WHO"', env: {WHO: "${params.who}"}}
            """,
            Map.of());
    JsonNode out = h.nodes(run.runId()).get("a").output();
    assertThat(out.get("exit_code").asInt()).isZero();
    assertThat(out.get("stdout").asString()).isEqualTo("a; rm -rf /");
  }

  private EventRecord event(RunRecord run, EventType type) {
    return h.eventsOf(run.runId()).stream().filter(e -> e.type() == type).findFirst().orElseThrow();
  }
}

package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.engine.node.internal.ConfigValues;
import dev.dagflow.engine.node.internal.OutputProtocol;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code mock}: stands in for real work in examples and tests. Config: {@code duration} (sleeps,
 * interruptibly), {@code output}, {@code quality_score}, {@code artifacts} ({@code [{type, name,
 * size_bytes}]}), {@code fail} (true or a message), {@code fail_attempts} (fail the first N
 * attempts).
 *
 * <pre>{@code
 * - id: flaky
 *   type: mock
 *   retry: {max_attempts: 3, delay: 100ms}
 *   config: {fail_attempts: 2, output: {ok: true}}
 * }</pre>
 */
public final class MockExecutor implements NodeExecutor {
  @Override
  public String type() {
    return "mock";
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> config = ctx.config();
    Duration duration = ConfigValues.duration(config, "duration").orElse(Duration.ZERO);
    if (!duration.isZero()) {
      Thread.sleep(duration);
    }
    Object fail = config.get("fail");
    if (fail != null && !Boolean.FALSE.equals(fail)) {
      return NodeResult.failure(
          fail instanceof String s && !s.isBlank() ? s : "mock node configured to fail");
    }
    int failAttempts = ConfigValues.number(config, "fail_attempts").orElse(0.0).intValue();
    if (ctx.attempt() <= failAttempts) {
      return NodeResult.failure(
          "mock failure on attempt %d of the first %d".formatted(ctx.attempt(), failAttempts));
    }
    Object out = config.get("output");
    JsonNode output =
        out == null ? JsonNodeFactory.instance.objectNode() : JsonMapper.shared().valueToTree(out);
    Double score = ConfigValues.number(config, "quality_score").orElse(null);
    return NodeResult.success(
        output, score, OutputProtocol.artifacts(ConfigValues.list(config, "artifacts"), null));
  }
}

package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The {@code data} of each event, as the brief's event contract fixes it. */
public final class EventData {
  private EventData() {}

  /** One contract check of an attempt. */
  public record ContractCheck(String type, boolean valid, long nanos) {}

  public static double seconds(Instant from, Instant to) {
    if (from == null || to == null) {
      return 0.0;
    }
    return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
  }

  public static ObjectNode nodeStarted(NodeRecord n) {
    Instant waitFrom = n.readyAt();
    if (n.nextAttemptAt() != null && (waitFrom == null || n.nextAttemptAt().isAfter(waitFrom))) {
      waitFrom = n.nextAttemptAt();
    }
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("attempt", n.attempts());
    d.put("queue_wait_seconds", seconds(waitFrom, n.startedAt()));
    return d;
  }

  /** {@code node.succeeded|failed|retrying|cancelled}; {@code startedAt} is the attempt's start. */
  public static ObjectNode nodeFinished(
      NodeRecord n, Instant startedAt, Instant at, List<ContractCheck> contracts) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("attempt", n.attempts());
    d.put("duration_seconds", seconds(startedAt, at));
    // retries since the run's last retry, so dag_node_retries_total counts each retry once
    d.put("retry_count", Math.max(0, n.attempts() - n.attemptBase() - 1));
    if (n.error() != null) {
      d.put("error", n.error());
    }
    if (n.qualityScore() != null) {
      d.put("quality_score", n.qualityScore());
    }
    if (n.artifacts() != null && !n.artifacts().isEmpty()) {
      ArrayNode arts = d.putArray("artifacts");
      for (Artifact a : n.artifacts()) {
        ObjectNode o = arts.addObject();
        o.put("type", a.type());
        o.put("name", a.name());
        o.put("size_bytes", a.sizeBytes());
        o.put("uri", a.uri());
      }
    }
    if (contracts != null && !contracts.isEmpty()) {
      ArrayNode cs = d.putArray("contracts");
      for (ContractCheck c : contracts) {
        cs.addObject()
            .put("type", c.type())
            .put("valid", c.valid())
            .put("duration_seconds", c.nanos() / 1e9);
      }
    }
    return d;
  }

  public static ObjectNode nodeSkipped(String reason) {
    return JsonNodeFactory.instance.objectNode().put("reason", reason);
  }

  public static ObjectNode runStarted(RunRecord r) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("queue_wait_seconds", seconds(r.queuedAt(), r.startedAt()));
  }

  /** {@code run.retried}: the nodes that run again, in definition order. */
  public static ObjectNode runRetried(List<String> nodeIds) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    nodeIds.forEach(d.putArray("nodes")::add);
    return d;
  }

  public static ObjectNode runFinished(RunRecord r) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put(
        "duration_seconds",
        seconds(r.startedAt() != null ? r.startedAt() : r.queuedAt(), r.finishedAt()));
    if (r.error() != null) {
      d.put("error", r.error());
    }
    return d;
  }
}

package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.contract.ContractResult;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.node.ArtifactRef;
import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.engine.node.NodeTypes;
import dev.dagflow.engine.runtime.internal.EventData.ContractCheck;
import dev.dagflow.engine.store.StorableText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one claimed attempt (of a node, or of one item of a mapped node): renders the config (an
 * item's templates also see {@code item} and {@code index}), checks the input contract, calls the
 * node type, then checks the output (size limit, output contract, quality gate) and measures
 * artifacts. Contract input is {@code {"params": …, "nodes": {"<dep>": {"output": …}}}} over the
 * node's own dependencies.
 */
public final class NodeRunner {
  private final NodeTypes types;
  private final Evaluation evaluation;
  private final Path workRoot;
  private final long maxOutputBytes;
  private final ItemValues items;

  public NodeRunner(NodeTypes types, Evaluation evaluation, Path workRoot, long maxOutputBytes) {
    this.types = types;
    this.evaluation = evaluation;
    this.workRoot = workRoot;
    this.maxOutputBytes = maxOutputBytes;
    this.items = new ItemValues(evaluation);
  }

  /**
   * Runs the attempt on the calling thread. {@code stopReason} tells, after an interruption, why
   * the engine stopped it (timeout, cancellation).
   */
  public AttemptOutcome run(Claimed claimed, Instant deadline, Supplier<String> stopReason) {
    NodeRecord row = claimed.node();
    NodeDefinition def = claimed.graph().node(row.nodeId());
    List<ContractCheck> checks = new ArrayList<>();
    try {
      Map<String, JsonNode> upstream = new HashMap<>();
      for (NodeRecord n : claimed.runNodes()) {
        if (def.dependsOn().contains(n.nodeId())) {
          upstream.put(
              n.nodeId(), n.output() == null ? JsonNodeFactory.instance.objectNode() : n.output());
        }
      }
      Map<String, Object> config = def.config() == null ? Map.of() : def.config();
      if (claimed.graph().templated(def.id())) {
        try {
          Map<String, Object> vars = evaluation.variables(claimed.run(), claimed.runNodes());
          Optional<MapItem> item = MapItem.find(row.nodeId());
          if (item.isPresent()) {
            vars.put("index", (long) item.get().index());
            vars.put("item", items.of(row.runId(), item.get(), def.map(), vars));
          }
          config = evaluation.render(config, vars);
        } catch (RuntimeException e) {
          return AttemptOutcome.Failed.retryable("template failed: " + e.getMessage(), checks);
        }
      }
      if (def.inputSchema() != null) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set(
            "params", claimed.run().params() == null ? input.objectNode() : claimed.run().params());
        ObjectNode nodes = input.putObject("nodes");
        upstream.forEach((id, out) -> nodes.putObject(id).set("output", out));
        ContractResult r = evaluation.validate(def.inputSchema(), input);
        checks.add(new ContractCheck("input", r.valid(), r.nanos()));
        if (!r.valid()) {
          return AttemptOutcome.Failed.retryable(
              "input contract violated: " + String.join("; ", r.errors()), checks);
        }
      }
      Path workDir = workRoot.resolve(row.runId().toString()).resolve(row.nodeId());
      NodeContext ctx =
          new NodeContext(
              row.runId(),
              claimed.run().workflowId(),
              // an item runs as its row id (x[3]): a child run or a log names the item
              row.nodeId().equals(def.id()) ? def : def.withId(row.nodeId()),
              row.attempts(),
              config,
              claimed.run().params(),
              upstream,
              workDir,
              deadline);
      NodeExecutor executor = types.get(def.type());
      NodeResult result = executor.execute(ctx);
      if (Thread.currentThread().isInterrupted() && stopReason.get() != null) {
        return AttemptOutcome.Failed.retryable(stopReason.get(), checks);
      }
      return switch (result) {
        case null ->
            AttemptOutcome.Failed.retryable(
                "node type " + def.type() + " returned no result", checks);
        case NodeResult.Failure f -> AttemptOutcome.Failed.retryable(f.reason(), checks);
        case NodeResult.Waiting w -> new AttemptOutcome.Waiting(checks);
        case NodeResult.Success s -> checkSuccess(def, s, workDir, checks);
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String reason = stopReason.get();
      return AttemptOutcome.Failed.retryable(reason == null ? "interrupted" : reason, checks);
    } catch (Exception e) {
      String reason = stopReason.get();
      if (reason != null) {
        return AttemptOutcome.Failed.retryable(reason, checks);
      }
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return AttemptOutcome.Failed.retryable(message, checks);
    }
  }

  private AttemptOutcome checkSuccess(
      NodeDefinition def, NodeResult.Success s, Path workDir, List<ContractCheck> checks) {
    JsonNode output = s.output();
    // refused here, so the attempt fails at once and alike on every store, rather than the
    // completion failing in the database and the node waiting out its lease
    List<String> unstorable = StorableText.problems(output, "output");
    unstorable.addAll(artifactProblems(s.artifacts()));
    if (!unstorable.isEmpty()) {
      return AttemptOutcome.Failed.retryable(
          "output cannot be stored: " + String.join("; ", unstorable), checks);
    }
    long size = JsonMapper.shared().writeValueAsBytes(output).length;
    if (size > maxOutputBytes) {
      return AttemptOutcome.Failed.retryable(
          "output is %d bytes, over the limit of %d bytes".formatted(size, maxOutputBytes), checks);
    }
    if (def.outputSchema() != null) {
      ContractResult r = evaluation.validate(def.outputSchema(), output);
      checks.add(new ContractCheck("output", r.valid(), r.nanos()));
      if (!r.valid()) {
        return AttemptOutcome.Failed.retryable(
            "output contract violated: " + String.join("; ", r.errors()), checks);
      }
    }
    Double score = s.qualityScore();
    if (score != null && (score.isNaN() || score < 0 || score > 1)) {
      return AttemptOutcome.Failed.retryable(
          "quality_score " + score + " is not within 0..1", checks);
    }
    if (def.minQualityScore() != null && (score == null || score < def.minQualityScore())) {
      return AttemptOutcome.Failed.belowGate(
          "quality gate: score %s is below min_score %s".formatted(score, def.minQualityScore()),
          score,
          checks);
    }
    List<Artifact> artifacts = new ArrayList<>();
    for (ArtifactRef a : s.artifacts()) {
      if (a.path() == null) {
        artifacts.add(
            new Artifact(a.type(), a.name(), a.sizeBytes() == null ? 0 : a.sizeBytes(), a.uri()));
        continue;
      }
      Path p = workDir.resolve(a.path());
      try {
        long bytes = Files.size(p);
        String name = a.name() != null ? a.name() : p.getFileName().toString();
        String uri = a.uri() != null ? a.uri() : p.toUri().toString();
        artifacts.add(new Artifact(a.type(), name, bytes, uri));
      } catch (IOException e) {
        return AttemptOutcome.Failed.retryable("artifact " + a.path() + " not found: " + p, checks);
      }
    }
    return new AttemptOutcome.Succeeded(output, score, artifacts, checks);
  }

  /** Artifact names, types, paths and URIs the store could not hold, as {@code /artifacts/i/x}. */
  private static List<String> artifactProblems(List<ArtifactRef> refs) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      ArtifactRef a = refs.get(i);
      String[][] fields = {
        {"type", a.type()}, {"name", a.name()}, {"path", a.path()}, {"uri", a.uri()}
      };
      for (String[] f : fields) {
        if (f[1] != null) {
          String at = "/artifacts/" + i + "/" + f[0];
          StorableText.findProblem(f[1]).ifPresent(p -> found.add(at + ": " + p));
        }
      }
    }
    return found;
  }
}

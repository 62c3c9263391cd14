package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A node of one run as stored. {@code type} and {@code name} are copied from the definition so the
 * metric labels need no lookup. {@code attempts} counts attempts started. {@code leaseOwner} and
 * {@code leaseExpiresAt} are set while an instance runs it; {@code nextAttemptAt} while it waits to
 * be retried. {@code readyAt} is when its dependencies were done (schedule latency). An approval
 * node parked for a decision is stored {@code running} under the lease owner {@link
 * #DECISION_OWNER}, which no instance renews; it is shown as {@code waiting} ({@link
 * #statusLabel()}). {@code attemptBase} is the number of attempts started before the run's last
 * retry: the node's retry budget counts from it, while attempt numbers go on counting. A node that
 * succeeded has an {@code output}, {@code {}} at least (as {@code NodeResult.success} gives it), so
 * a null output there reads as {@code {}}: the store keeps that empty output as no bytes.
 */
public record NodeRecord(
    UUID runId,
    String nodeId,
    String type,
    String name,
    NodeStatus status,
    int attempts,
    int attemptBase,
    Instant readyAt,
    Instant startedAt,
    Instant finishedAt,
    Instant nextAttemptAt,
    String leaseOwner,
    Instant leaseExpiresAt,
    JsonNode output,
    Double qualityScore,
    List<Artifact> artifacts,
    String error) {

  public NodeRecord {
    if (status == NodeStatus.SUCCESS && output == null) {
      output = JsonNodeFactory.instance.objectNode();
    }
  }

  /** The lease owner of an approval node waiting for a decision. */
  public static final String DECISION_OWNER = "approval";

  /** The status a reader sees: {@code waiting} for a parked approval node, else the stored one. */
  public String statusLabel() {
    return awaitsDecision() ? "waiting" : status.label();
  }

  /** True for an approval node parked until someone approves or rejects it. */
  public boolean awaitsDecision() {
    return status == NodeStatus.RUNNING && DECISION_OWNER.equals(leaseOwner);
  }

  /** A fresh node, pending its dependencies. */
  public static NodeRecord pending(UUID runId, String nodeId, String type, String name) {
    return new NodeRecord(
        runId,
        nodeId,
        type,
        name,
        NodeStatus.PENDING,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null);
  }

  public NodeKey key() {
    return new NodeKey(runId, nodeId);
  }

  /**
   * This node's next attempt starting at {@code at}, leased to {@code owner} until {@code until}
   * ({@code null}: a lease no instance renews); the caller may set more before {@code build()}.
   */
  public Builder starting(Instant at, String owner, Instant until) {
    return toBuilder()
        .status(NodeStatus.RUNNING)
        .attempts(attempts + 1)
        .startedAt(at)
        .nextAttemptAt(null)
        .lease(owner, until);
  }

  /**
   * This node pending again after its run was retried: a fresh retry budget counted from the
   * attempts made so far (attempt numbers go on), and nothing of the last attempt kept.
   */
  public NodeRecord pendingAgain() {
    return toBuilder()
        .status(NodeStatus.PENDING)
        .attemptBase(attempts)
        .readyAt(null)
        .startedAt(null)
        .finishedAt(null)
        .nextAttemptAt(null)
        .lease(null, null)
        .output(null)
        .qualityScore(null)
        .artifacts(List.of())
        .error(null)
        .build();
  }

  /** This node ended {@code cancelled} at {@code at}, its lease and retry released. */
  public NodeRecord cancelled(Instant at, String reason) {
    return toBuilder()
        .status(NodeStatus.CANCELLED)
        .finishedAt(at)
        .nextAttemptAt(null)
        .lease(null, null)
        .error(reason)
        .build();
  }

  /** A copy in another state; other fields are set with {@link Builder}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change for the many fields a transition touches. */
  public static final class Builder {
    private final UUID runId;
    private final String nodeId;
    private final String type;
    private final String name;
    private NodeStatus status;
    private int attempts;
    private int attemptBase;
    private Instant readyAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant nextAttemptAt;
    private String leaseOwner;
    private Instant leaseExpiresAt;
    private JsonNode output;
    private Double qualityScore;
    private List<Artifact> artifacts;
    private String error;

    private Builder(NodeRecord n) {
      runId = n.runId;
      nodeId = n.nodeId;
      type = n.type;
      name = n.name;
      status = n.status;
      attempts = n.attempts;
      attemptBase = n.attemptBase;
      readyAt = n.readyAt;
      startedAt = n.startedAt;
      finishedAt = n.finishedAt;
      nextAttemptAt = n.nextAttemptAt;
      leaseOwner = n.leaseOwner;
      leaseExpiresAt = n.leaseExpiresAt;
      output = n.output;
      qualityScore = n.qualityScore;
      artifacts = n.artifacts;
      error = n.error;
    }

    public Builder status(NodeStatus v) {
      status = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public Builder attemptBase(int v) {
      attemptBase = v;
      return this;
    }

    public Builder readyAt(Instant v) {
      readyAt = v;
      return this;
    }

    public Builder startedAt(Instant v) {
      startedAt = v;
      return this;
    }

    public Builder finishedAt(Instant v) {
      finishedAt = v;
      return this;
    }

    public Builder nextAttemptAt(Instant v) {
      nextAttemptAt = v;
      return this;
    }

    public Builder lease(String owner, Instant expiresAt) {
      leaseOwner = owner;
      leaseExpiresAt = expiresAt;
      return this;
    }

    public Builder output(JsonNode v) {
      output = v;
      return this;
    }

    public Builder qualityScore(Double v) {
      qualityScore = v;
      return this;
    }

    public Builder artifacts(List<Artifact> v) {
      artifacts = List.copyOf(v);
      return this;
    }

    public Builder error(String v) {
      error = v;
      return this;
    }

    public NodeRecord build() {
      return new NodeRecord(
          runId,
          nodeId,
          type,
          name,
          status,
          attempts,
          attemptBase,
          readyAt,
          startedAt,
          finishedAt,
          nextAttemptAt,
          leaseOwner,
          leaseExpiresAt,
          output,
          qualityScore,
          artifacts,
          error);
    }
  }
}

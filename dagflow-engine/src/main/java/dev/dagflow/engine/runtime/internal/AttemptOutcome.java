package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.runtime.internal.EventData.ContractCheck;
import dev.dagflow.engine.store.StorableText;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What one attempt came to, after the engine's checks (contracts, size, quality gate). */
public sealed interface AttemptOutcome {
  List<ContractCheck> contracts();

  record Succeeded(
      JsonNode output, Double qualityScore, List<Artifact> artifacts, List<ContractCheck> contracts)
      implements AttemptOutcome {}

  /**
   * {@code isFinal}: no retry, whatever the budget (a rejection, an approval timeout). {@code
   * qualityScore} is kept when the score itself failed the gate. The reason is made storable (NUL
   * and lone surrogates escaped): it may quote a process's output, and a reason the store refuses
   * would leave the node running until its lease expired.
   */
  record Failed(String reason, boolean isFinal, Double qualityScore, List<ContractCheck> contracts)
      implements AttemptOutcome {
    public Failed {
      reason = StorableText.escape(reason);
    }

    public Failed(String reason, boolean isFinal, List<ContractCheck> contracts) {
      this(reason, isFinal, null, contracts);
    }

    public static Failed retryable(String reason, List<ContractCheck> contracts) {
      return new Failed(reason, false, contracts);
    }

    /** A quality gate failure: retryable, and the score that failed is kept on the node. */
    public static Failed belowGate(String reason, Double score, List<ContractCheck> contracts) {
      return new Failed(reason, false, score, contracts);
    }
  }

  record Waiting(List<ContractCheck> contracts) implements AttemptOutcome {}
}

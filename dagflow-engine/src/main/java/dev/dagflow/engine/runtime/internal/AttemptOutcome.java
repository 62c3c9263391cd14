package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.runtime.internal.EventData.ContractCheck;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What one attempt came to, after the engine's checks (contracts, size, quality gate). */
public sealed interface AttemptOutcome {
  List<ContractCheck> contracts();

  record Succeeded(
      JsonNode output, Double qualityScore, List<Artifact> artifacts, List<ContractCheck> contracts)
      implements AttemptOutcome {}

  /** {@code isFinal}: no retry, whatever the budget (a rejection, an approval timeout). */
  record Failed(String reason, boolean isFinal, List<ContractCheck> contracts)
      implements AttemptOutcome {
    public static Failed retryable(String reason, List<ContractCheck> contracts) {
      return new Failed(reason, false, contracts);
    }
  }

  record Waiting(List<ContractCheck> contracts) implements AttemptOutcome {}
}

package dev.dagflow.engine.contract;

import java.util.List;

/**
 * The outcome of checking one value against a contract's JSON Schema: whether it is valid, each
 * violation as {@code /path: message}, and how long the check took (what {@code
 * dag_contract_validation_duration_seconds} measures).
 *
 * <pre>{@code
 * ContractResult r = validator.validate(schema, output);
 * if (!r.valid()) fail("output contract: " + String.join("; ", r.errors()));
 * }</pre>
 */
public record ContractResult(boolean valid, List<String> errors, long nanos) {
  public ContractResult {
    errors = List.copyOf(errors);
  }

  /** The check's duration in seconds, as metrics record it. */
  public double seconds() {
    return nanos / 1e9;
  }
}

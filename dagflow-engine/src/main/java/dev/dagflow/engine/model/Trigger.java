package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;

/**
 * What started a run: the API, the CLI, a schedule's fire time, or a parent run's {@code workflow}
 * node.
 *
 * <pre>{@code
 * Trigger t = new Trigger.Schedule("nightly", Instant.parse("2026-03-29T01:00:00Z"));
 * t.type();   // "schedule"
 * }</pre>
 */
public sealed interface Trigger {
  Trigger API = new Api();
  Trigger CLI = new Cli();

  /** {@code api}, {@code cli}, {@code schedule} or {@code parent}. */
  String type();

  /** Submitted through the HTTP API (the default: no trigger row is stored). */
  record Api() implements Trigger {
    @Override
    public String type() {
      return "api";
    }
  }

  /** Submitted by {@code dagflow run}. */
  record Cli() implements Trigger {
    @Override
    public String type() {
      return "cli";
    }
  }

  /** Started by a schedule for one fire time (or by its trigger route, fire time = now). */
  record Schedule(String scheduleId, Instant fireTime) implements Trigger {
    @Override
    public String type() {
      return "schedule";
    }
  }

  /** A child run started by one attempt of a parent run's {@code workflow} node. */
  record Parent(UUID runId, String nodeId, int attempt) implements Trigger {
    @Override
    public String type() {
      return "parent";
    }
  }
}

package dev.dagflow.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One fire time handled by this instance. {@code lag} (fire time to run queued) and {@code runId}
 * are set when the outcome is {@link FireOutcome#STARTED}, else null.
 */
public record ScheduleFire(
    String workflowId,
    String scheduleId,
    Instant fireTime,
    FireOutcome outcome,
    Duration lag,
    UUID runId) {}

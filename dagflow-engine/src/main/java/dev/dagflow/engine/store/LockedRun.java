package dev.dagflow.engine.store;

import dev.dagflow.engine.model.RunRecord;

/**
 * A run's row read under its lock, with its version before that lock: a counter that every write of
 * the run row ({@link StoreSession#lockRuns}, {@link StoreSession#updateRun}, {@link
 * StoreSession#touchRuns}) moves up by one. An instance that remembers a run's node rows at a
 * version may reuse them while the version is unchanged.
 *
 * <p>{@code LockedRun r = tx.lockRuns(List.of(runId)).getFirst(); long v = r.version();}
 */
public record LockedRun(RunRecord run, long version) {}

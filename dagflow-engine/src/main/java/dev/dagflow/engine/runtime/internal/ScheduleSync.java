package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.schedule.CronClock;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings a workflow's stored schedules in line with its latest definition, in the registering
 * transaction: new schedules get their first fire time after now, removed ones are deleted, and
 * unchanged ones keep their state (next fire time, pause), so registering the same file again at
 * every start changes nothing. A changed cron or zone, or a schedule enabled again, fires next
 * after now.
 */
final class ScheduleSync {
  private ScheduleSync() {}

  static void sync(StoreSession tx, WorkflowDefinition def, Instant now) {
    Map<String, ScheduleRecord> stored =
        tx.schedules().findByWorkflow(def.id()).stream()
            .collect(Collectors.toMap(ScheduleRecord::scheduleId, Function.identity()));
    Set<String> wanted = def.schedules().stream().map(ScheduleSpec::id).collect(Collectors.toSet());
    for (ScheduleRecord old : stored.values()) {
      if (!wanted.contains(old.scheduleId())) {
        tx.schedules().delete(def.id(), old.scheduleId());
      }
    }
    for (ScheduleSpec spec : def.schedules()) {
      String zone = spec.timezone().getId();
      Instant next = CronClock.of(spec.cron(), spec.timezone()).nextAfter(now).orElse(null);
      ScheduleRecord old = stored.get(spec.id());
      if (old == null) {
        tx.schedules()
            .insert(
                new ScheduleRecord(
                    def.id(),
                    spec.id(),
                    spec.cron(),
                    zone,
                    spec.enabled(),
                    false,
                    next,
                    null,
                    null,
                    null));
        continue;
      }
      boolean moved =
          !old.cron().equals(spec.cron())
              || !old.timezone().equals(zone)
              || (spec.enabled() && !old.enabled());
      if (moved || old.enabled() != spec.enabled()) {
        ScheduleRecord updated = old.withDefinition(spec.cron(), zone, spec.enabled());
        tx.schedules().update(moved ? updated.withNextFireAt(next) : updated);
      }
    }
  }
}

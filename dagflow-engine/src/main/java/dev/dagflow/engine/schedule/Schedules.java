package dev.dagflow.engine.schedule;

import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.ScheduleRecord;
import java.util.List;

/**
 * The schedules of registered workflows (their {@code schedules:} blocks), as the API steers them.
 * Pausing is stored, so it survives restarts and holds on every instance.
 *
 * <pre>{@code
 * engine.schedules().pause("report", "nightly");
 * RunRecord now = engine.schedules().trigger("report", "nightly");   // even while paused
 * }</pre>
 */
public interface Schedules {

  /** Every schedule, ordered by workflow id then schedule id. */
  List<ScheduleRecord> list();

  /** Stops firing until resumed; a buffered fire time is dropped. 404 when unknown. */
  ScheduleRecord pause(String workflowId, String scheduleId);

  /**
   * Fires again from the next fire time after now (fire times passed while paused are not caught
   * up). 404 when unknown.
   */
  ScheduleRecord resume(String workflowId, String scheduleId);

  /**
   * Starts a run now with the schedule's params, whatever its overlap policy, even while paused;
   * its trigger's fire time is now. 404 when unknown; 429 when the admission queue is full.
   */
  RunRecord trigger(String workflowId, String scheduleId);

  void addListener(ScheduleListener listener);
}

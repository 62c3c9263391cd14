package dev.dagflow.engine.error;

/** 404: no schedule with this id in this workflow. */
public final class ScheduleNotFoundException extends DagflowException {
  public ScheduleNotFoundException(String workflowId, String scheduleId) {
    super(404, "schedule not found: " + workflowId + "/" + scheduleId);
  }
}

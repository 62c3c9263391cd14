package dev.dagflow.bench.engine;

/**
 * What the admission scenario measured on one store (or the baseline).
 *
 * <pre>{@code
 * result.submitsPerSecond(); result.heapPerQueuedRunBytes();
 * }</pre>
 *
 * @param submitNanos wall time to submit every run (all queued behind the held slots)
 * @param heapPerQueuedRunBytes live heap added per queued run, after full collections
 * @param peakQueueDepth the most runs seen queued at once
 * @param peakRunning the most runs seen running at once (must not exceed maxActiveWorkflows)
 * @param drain from opening admission to the last run's end
 */
public record AdmissionResult(
    String store,
    int runs,
    long submitNanos,
    double heapPerQueuedRunBytes,
    long peakQueueDepth,
    long peakRunning,
    Measurement drain) {

  public double submitsPerSecond() {
    return runs / (submitNanos / 1e9);
  }
}

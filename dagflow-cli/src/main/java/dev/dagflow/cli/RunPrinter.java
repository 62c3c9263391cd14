package dev.dagflow.cli;

import dev.dagflow.client.model.Artifact;
import dev.dagflow.client.model.Node;
import dev.dagflow.client.model.Run;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Runs as the server commands print them for people: one run with its nodes (as {@code dagflow run}
 * prints its result), or a table of runs.
 *
 * <pre>{@code
 * RunPrinter.summary(out, client.runs().getRun(id));
 * RunPrinter.table(out, client.runs().listRuns(null, null, null, null, null, 20, null).getItems());
 * }</pre>
 */
final class RunPrinter {
  private RunPrinter() {}

  static void summary(PrintWriter out, Run run) {
    out.printf(
        "run %s %s %s in %.2fs%n",
        run.getRunId(),
        run.getWorkflowId(),
        run.getStatus(),
        run.getDurationSeconds() == null ? 0.0 : run.getDurationSeconds().doubleValue());
    List<Node> nodes = run.getNodes() == null ? List.of() : run.getNodes();
    for (Node n : nodes) {
      out.printf(
          "  %-24s %-9s attempts=%d%s%s%n",
          n.getId(),
          n.getStatus(),
          n.getAttempts(),
          n.getQualityScore() == null ? "" : " quality=" + n.getQualityScore(),
          n.getError() == null ? "" : "  error: " + n.getError());
      List<Artifact> artifacts = n.getArtifacts() == null ? List.of() : n.getArtifacts();
      for (Artifact a : artifacts) {
        out.printf(
            "  %-24s   artifact %s %s (%d bytes)%n",
            "", a.getType(), a.getName(), a.getSizeBytes() == null ? 0 : a.getSizeBytes());
      }
    }
    if (run.getError() != null) {
      out.println("error: " + run.getError());
    }
  }

  static void table(PrintWriter out, List<Run> runs) {
    String format = "%-36s  %-24s  %-9s  %-20s  %s%n";
    out.printf(format, "RUN_ID", "WORKFLOW", "STATUS", "QUEUED", "DURATION");
    for (Run r : runs) {
      out.printf(
          format,
          r.getRunId(),
          r.getWorkflowId() + " v" + r.getWorkflowVersion(),
          r.getStatus(),
          queued(r.getQueuedAt()),
          r.getDurationSeconds() == null
              ? "-"
              : String.format("%.2fs", r.getDurationSeconds().doubleValue()));
    }
  }

  private static String queued(OffsetDateTime at) {
    return at == null ? "-" : at.withNano(0).toInstant().toString();
  }
}

package dev.dagflow.cli;

import dev.dagflow.engine.model.MapItem;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's live progress on standard error, as {@code dagflow run} and {@code dagflow submit --wait}
 * show it: on a terminal a redrawn progress bar over the node tree (indented by dependency depth),
 * otherwise one line per transition. A mapped node shows its items as {@code n/N items}; a {@code
 * workflow} node its child run's id and status.
 *
 * <pre>{@code
 * ProgressTree tree = new ProgressTree("sdlc", Map.of("design", List.of()), err, true);
 * tree.transition(new Transition("node.started", "design", "running", "running", now, null, null, null));
 * }</pre>
 */
final class ProgressTree {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final Set<String> DONE = Set.of("success", "failure", "skipped", "cancelled");

  /** One event: what happened, to which node (null for the run), and the states it led to. */
  record Transition(
      String type,
      String nodeId,
      String nodeStatus,
      String runStatus,
      Instant at,
      Double durationSeconds,
      String error,
      String reason,
      Integer items) {

    Transition(
        String type,
        String nodeId,
        String nodeStatus,
        String runStatus,
        Instant at,
        Double durationSeconds,
        String error,
        String reason) {
      this(type, nodeId, nodeStatus, runStatus, at, durationSeconds, error, reason, null);
    }
  }

  /** A mapped node's items: how many, how many ended. */
  private static final class Items {
    final int total;
    int done;

    Items(int total) {
      this.total = total;
    }
  }

  private final String workflowId;
  private final PrintWriter err;
  private final boolean terminal;
  private final Map<String, String> states = new LinkedHashMap<>();
  private final Map<String, Integer> depth = new HashMap<>();
  private final Map<String, Items> items = new HashMap<>();
  private final Map<String, String> children = new HashMap<>();
  private int drawnLines;

  /**
   * @param nodes every node id with the ids it depends on, in definition order
   */
  ProgressTree(
      String workflowId, Map<String, List<String>> nodes, PrintWriter err, boolean terminal) {
    this.workflowId = workflowId;
    this.err = err;
    this.terminal = terminal;
    nodes.forEach(
        (id, deps) -> {
          states.put(id, "pending");
          depth.put(id, deps.stream().mapToInt(d -> depth.getOrDefault(d, 0) + 1).max().orElse(0));
        });
  }

  /** A node's state known before following (a retried run's successful node); not drawn yet. */
  synchronized void known(String nodeId, String status) {
    states.put(nodeId, status);
    depth.putIfAbsent(nodeId, 0);
  }

  synchronized void transition(Transition t) {
    Optional<MapItem> item = t.nodeId() == null ? Optional.empty() : MapItem.find(t.nodeId());
    if (item.isPresent()) {
      itemTransition(item.get(), t);
      return;
    }
    if (t.items() != null && t.nodeId() != null) {
      items.put(t.nodeId(), new Items(t.items()));
    }
    if (t.nodeId() != null && t.nodeStatus() != null) {
      states.put(t.nodeId(), t.nodeStatus());
      depth.putIfAbsent(t.nodeId(), 0);
    }
    if (terminal) {
      redraw(t.runStatus());
    } else {
      String at =
          t.at() == null ? "" : LocalTime.ofInstant(t.at(), ZoneId.systemDefault()).format(CLOCK);
      err.println(at + " " + t.type() + (t.nodeId() == null ? "" : " " + t.nodeId()) + detail(t));
      err.flush();
    }
  }

  /** A child run of a {@code workflow} node moved to {@code status}. */
  synchronized void child(String nodeId, String childRunId, String status, String runStatus) {
    children.put(nodeId, "child " + childRunId + " " + status);
    if (terminal) {
      redraw(runStatus);
    } else {
      err.println(
          LocalTime.now().format(CLOCK) + " child " + childRunId + " of " + nodeId + " " + status);
      err.flush();
    }
  }

  /** An item's event: counted under its node (n/N); in log mode, a line with the count. */
  private void itemTransition(MapItem item, Transition t) {
    Items count = items.computeIfAbsent(item.nodeId(), k -> new Items(0));
    if (t.nodeStatus() != null && DONE.contains(t.nodeStatus())) {
      count.done++;
    }
    if (terminal) {
      redraw(t.runStatus());
    } else if (!"node.ready".equals(t.type())) {
      String at =
          t.at() == null ? "" : LocalTime.ofInstant(t.at(), ZoneId.systemDefault()).format(CLOCK);
      err.println(
          at
              + " "
              + t.type()
              + " "
              + t.nodeId()
              + detail(t)
              + " ["
              + count.done
              + "/"
              + count.total
              + "]");
      err.flush();
    }
  }

  /** A node's state after an event of this type (null when the event is not about a node). */
  static String nodeStatusAfter(String eventType) {
    return switch (eventType) {
      case "node.ready" -> "ready";
      case "node.started" -> "running";
      case "node.retrying" -> "retrying";
      case "node.waiting" -> "waiting";
      case "node.succeeded" -> "success";
      case "node.failed" -> "failure";
      case "node.skipped" -> "skipped";
      case "node.cancelled" -> "cancelled";
      default -> null;
    };
  }

  /** A run's state after an event of this type (null when the event does not change it). */
  static String runStatusAfter(String eventType) {
    return switch (eventType) {
      case "run.queued" -> "queued";
      case "run.started", "run.retried" -> "running";
      case "run.succeeded" -> "success";
      case "run.failed" -> "failure";
      case "run.cancelled" -> "cancelled";
      default -> null;
    };
  }

  /** Whether standard error is a terminal (then the tree is redrawn in place). */
  static boolean stderrIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+: a Console exists even when redirected; ask whether it is a terminal
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static String detail(Transition t) {
    StringBuilder s = new StringBuilder();
    if (t.durationSeconds() != null) {
      s.append(" (").append(String.format("%.2fs", t.durationSeconds())).append(')');
    }
    if (t.error() != null) {
      s.append(" error: ").append(t.error());
    }
    if (t.reason() != null) {
      s.append(" (").append(t.reason()).append(')');
    }
    return s.toString();
  }

  private void redraw(String runStatus) {
    long done = states.values().stream().filter(DONE::contains).count();
    int total = states.size();
    int width = 30;
    int filled = total == 0 ? width : (int) (done * width / total);
    StringBuilder screen = new StringBuilder();
    if (drawnLines > 0) {
      screen.append("\033[").append(drawnLines).append("A\033[J");
    }
    screen.append(
        String.format(
            "%s [%s%s] %d/%d nodes  %s%n",
            workflowId,
            "#".repeat(filled),
            ".".repeat(width - filled),
            done,
            total,
            runStatus == null ? "" : runStatus));
    states.forEach(
        (id, state) ->
            screen
                .append("  ".repeat(depth.get(id) + 1))
                .append(symbol(state))
                .append(' ')
                .append(id)
                .append("  ")
                .append(state)
                .append(extra(id))
                .append('\n'));
    drawnLines = total + 1;
    err.print(screen);
    err.flush();
  }

  /** A mapped node's {@code n/N items}, a workflow node's child run. */
  private String extra(String id) {
    StringBuilder s = new StringBuilder();
    Items count = items.get(id);
    if (count != null) {
      s.append("  ").append(count.done).append('/').append(count.total).append(" items");
    }
    String child = children.get(id);
    if (child != null) {
      s.append("  ").append(child);
    }
    return s.toString();
  }

  private static String symbol(String state) {
    return switch (state) {
      case "success" -> "\033[32m✓\033[0m";
      case "failure" -> "\033[31m✗\033[0m";
      case "running" -> "\033[33m▶\033[0m";
      case "retrying" -> "\033[33m↻\033[0m";
      case "waiting" -> "\033[36m⏸\033[0m";
      case "skipped", "cancelled" -> "\033[90m–\033[0m";
      default -> "·";
    };
  }
}

package dev.dagflow.bench.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the benchmark: where CPU samples land ({@code jdk.ExecutionSample}:
 * top leaf frames, and top dagflow frames on the stack), and where threads wait (parks, monitor
 * waits and enters, socket reads), summed by duration at the nearest dagflow frame. The same data
 * as {@code jfr print --events jdk.ExecutionSample}, aggregated.
 *
 * <pre>{@code
 * java -cp dagflow-bench/target/dagflow-bench.jar dev.dagflow.bench.engine.JfrSummary bench.jfr 15
 * }</pre>
 */
public final class JfrSummary {
  private static final Set<String> WAITS =
      Set.of(
          "jdk.ThreadPark",
          "jdk.JavaMonitorWait",
          "jdk.JavaMonitorEnter",
          "jdk.SocketRead",
          "jdk.FileForce",
          "jdk.FileWrite",
          "jdk.ThreadSleep",
          "jdk.VirtualThreadPinned");

  private final Map<String, Long> leaf = new HashMap<>();
  private final Map<String, Long> dagflow = new HashMap<>();
  private final Map<String, Long> store = new HashMap<>();
  private final Map<String, Long> operations = new HashMap<>();
  private final Map<String, Long> waitNanos = new HashMap<>();
  private long samples;

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrSummary FILE.jfr [TOP]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    JfrSummary s = new JfrSummary();
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      s.add(e);
    }
    s.print(top);
  }

  private void add(RecordedEvent e) {
    String type = e.getEventType().getName();
    RecordedStackTrace st = e.getStackTrace();
    if (st == null) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    if (type.equals("jdk.ExecutionSample")) {
      samples++;
      if (!frames.isEmpty()) {
        leaf.merge(name(frames.getFirst()), 1L, Long::sum);
      }
      firstMatching(frames, "dev.dagflow.").ifPresent(f -> dagflow.merge(f, 1L, Long::sum));
      firstMatching(frames, "dev.dagflow.store.").ifPresent(f -> store.merge(f, 1L, Long::sum));
      operation(frames).ifPresent(op -> operations.merge(op, 1L, Long::sum));
    } else if (WAITS.contains(type)) {
      Duration d = e.getDuration();
      String at =
          operation(frames)
              .or(() -> firstMatching(frames, "dev.dagflow."))
              .or(() -> firstOutsideJdk(frames).map(f -> f + " (no dagflow frame)"))
              .orElse("(JDK only) " + (frames.isEmpty() ? "?" : name(frames.getFirst())));
      waitNanos.merge(type.substring(4) + " at " + at, d.toNanos(), Long::sum);
    }
  }

  private static java.util.Optional<String> firstMatching(
      List<RecordedFrame> frames, String prefix) {
    return frames.stream()
        .filter(f -> f.getMethod() != null && f.getMethod().getType().getName().startsWith(prefix))
        .findFirst()
        .map(JfrSummary::name);
  }

  /** "NodeTable.claim:100 > SqlExecutor.query:48": which store call, at which executor line. */
  private static java.util.Optional<String> operation(List<RecordedFrame> frames) {
    String executor = null;
    for (RecordedFrame f : frames) {
      if (f.getMethod() == null) {
        continue;
      }
      String type = f.getMethod().getType().getName();
      if (type.endsWith(".SqlExecutor") && executor == null) {
        executor = name(f);
      } else if (executor != null
          && type.startsWith("dev.dagflow.store.internal.")
          && !type.endsWith(".SqlExecutor")
          && !type.endsWith(".SkipLocked")) {
        return java.util.Optional.of(name(f) + " > " + executor);
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> firstOutsideJdk(List<RecordedFrame> frames) {
    return frames.stream()
        .filter(f -> f.getMethod() != null)
        .filter(
            f -> {
              String t = f.getMethod().getType().getName();
              return !(t.startsWith("java.") || t.startsWith("jdk.") || t.startsWith("sun."));
            })
        .findFirst()
        .map(JfrSummary::name);
  }

  private static String name(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1)
        + "."
        + f.getMethod().getName()
        + ":"
        + f.getLineNumber();
  }

  private void print(int top) {
    System.out.println("execution samples: " + samples);
    section("top leaf frames (self CPU)", leaf, top, true);
    section("top dagflow frames on the stack (inclusive CPU)", dagflow, top, true);
    section("top dagflow.store frames on the stack (inclusive CPU)", store, top, true);
    section(
        "store operations (caller > SqlExecutor line; query:48 is prepare)", operations, top, true);
    section(
        "waiting time by store operation or nearest dagflow frame (ms, summed over threads)",
        waitNanos,
        top,
        false);
  }

  private void section(String title, Map<String, Long> counts, int top, boolean isSamples) {
    System.out.println();
    System.out.println(title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            en ->
                System.out.println(
                    isSamples
                        ? String.format(
                            Locale.ROOT,
                            "  %6d %5.1f%%  %s",
                            en.getValue(),
                            100.0 * en.getValue() / Math.max(1, samples),
                            en.getKey())
                        : String.format(
                            Locale.ROOT, "  %10.0f  %s", en.getValue() / 1e6, en.getKey())));
  }
}

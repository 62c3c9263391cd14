package dev.dagflow.bench.engine;

import dev.dagflow.engine.store.StoreSession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Classifies the engine's read-write transactions by what they did (bench-only): admission passes
 * (and those that admitted nothing), completions (and their batch sizes), claims by hint or by scan
 * (and those that found nothing), submits. Wraps the session in a proxy that notes the calls.
 *
 * <pre>{@code
 * TxKinds kinds = new TxKinds();
 * T result = kinds.observe(session -> work.apply(session), realSession);
 * kinds.summary(nodes);
 * }</pre>
 */
final class TxKinds {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> items = new ConcurrentHashMap<>();

  /** What one transaction did, filled in by the proxy. */
  private static final class Seen {
    boolean admission;
    int admitted;
    int fenced = -1;
    int lockedRuns = -1;
    int claimedByHint = -1;
    int claimedByScan = -1;
    int inserted;
  }

  StoreSession wrap(StoreSession real, Seen seen) {
    return (StoreSession)
        Proxy.newProxyInstance(
            StoreSession.class.getClassLoader(),
            new Class<?>[] {StoreSession.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              switch (method.getName()) {
                case "lockAdmission" -> seen.admission = true;
                case "lockQueuedRuns" -> seen.admitted += ((List<?>) result).size();
                case "updateNodesFenced" ->
                    seen.fenced = Math.max(0, seen.fenced) + ((List<?>) args[0]).size();
                case "lockRuns" ->
                    seen.lockedRuns = Math.max(0, seen.lockedRuns) + ((List<?>) result).size();
                case "insertRun" -> seen.inserted++;
                case "insertRuns" -> seen.inserted += ((List<?>) args[0]).size();
                case "claimNodes" -> {
                  int n = ((Collection<?>) result).size();
                  if (args[4] == null) {
                    seen.claimedByScan = Math.max(0, seen.claimedByScan) + n;
                  } else {
                    seen.claimedByHint = Math.max(0, seen.claimedByHint) + n;
                  }
                }
                default -> {}
              }
              return result;
            });
  }

  <T> T observe(java.util.function.Function<StoreSession, T> work, StoreSession real) {
    Seen seen = new Seen();
    T result = work.apply(wrap(real, seen));
    String kind;
    if (seen.admission) {
      kind = seen.admitted == 0 ? "admit-none" : "admit";
      add(kind, seen.admitted);
    } else if (seen.fenced >= 0) {
      add("complete", seen.fenced);
      if (seen.claimedByHint >= 0) {
        add("complete+claim", seen.claimedByHint);
      }
    } else if (seen.claimedByScan >= 0) {
      add(seen.claimedByScan == 0 ? "scan-none" : "scan", seen.claimedByScan);
    } else if (seen.claimedByHint >= 0) {
      add(seen.claimedByHint == 0 ? "hint-none" : "hint", seen.claimedByHint);
    } else if (seen.inserted > 0) {
      add("submit", seen.inserted);
    } else {
      add("other", 0);
    }
    return result;
  }

  private void add(String kind, int n) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    items.computeIfAbsent(kind, k -> new LongAdder()).add(n);
  }

  void reset() {
    counts.clear();
    items.clear();
  }

  /** {@code "complete 812 (avg 4.1), scan-none 120, ..."}. */
  String summary() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(counts).entrySet()) {
      long c = e.getValue().sum();
      long n = items.getOrDefault(e.getKey(), new LongAdder()).sum();
      b.append(b.isEmpty() ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT, "%s %d (avg %.1f)", e.getKey(), c, c == 0 ? 0 : n / (double) c));
    }
    return b.toString();
  }
}

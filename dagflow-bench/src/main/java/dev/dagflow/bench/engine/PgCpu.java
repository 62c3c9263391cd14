package dev.dagflow.bench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of the PostgreSQL server on this host: {@code utime + stime} from {@code
 * /proc/<pid>/stat} of every process whose {@code /proc/<pid>/comm} is {@code postgres} (the
 * postmaster, its background processes and every backend, whoever they serve), in clock ticks of
 * {@code getconf CLK_TCK}. A process that appears during the window counts from 0, one that
 * vanishes counts nothing (its time is lost); a process is identified by pid and start time, so a
 * reused pid is a new process.
 *
 * <pre>{@code
 * Optional<PgCpu.Snapshot> before = PgCpu.snapshot();
 * work();
 * Optional<PgCpu.Usage> used = PgCpu.between(before, PgCpu.snapshot(), ownBackendPids);
 * }</pre>
 */
public final class PgCpu {
  private static final Path PROC = Path.of("/proc");
  static final long TICK_NANOS = 1_000_000_000L / clockTicksPerSecond();

  private PgCpu() {}

  /** Ticks used so far, by process ({@code pid} and start time). */
  public record Snapshot(Map<ProcessId, Long> ticks) {}

  record ProcessId(int pid, long startTime) {}

  /**
   * CPU used between two snapshots: by every postgres process, and by the backends serving this
   * JVM's connections ({@code ownNanos}, -1 when they could not be told apart).
   */
  public record Usage(long nanos, int processes, long ownNanos, int ownProcesses) {}

  /** The postgres processes' CPU ticks now; empty when /proc is not readable or has none. */
  public static Optional<Snapshot> snapshot() {
    Map<ProcessId, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        try {
          if (!Files.readString(dir.resolve("comm"), StandardCharsets.US_ASCII)
              .strip()
              .equals("postgres")) {
            continue;
          }
          String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
          // fields after "pid (comm)": state is field 3; utime 14, stime 15, starttime 22
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(
              new ProcessId(Integer.parseInt(name), Long.parseLong(f[19])),
              Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
          // the process ended while we read it, or is not ours to read: not counted
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return ticks.isEmpty() ? Optional.empty() : Optional.of(new Snapshot(ticks));
  }

  /**
   * What the postgres processes used from {@code before} to {@code after}; {@code own} are the pids
   * of this JVM's backends (null when unknown). Empty when either snapshot is.
   */
  public static Optional<Usage> between(
      Optional<Snapshot> before, Optional<Snapshot> after, Set<Integer> own) {
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    long total = 0;
    long mine = 0;
    int mineCount = 0;
    for (Map.Entry<ProcessId, Long> e : after.get().ticks().entrySet()) {
      long used = e.getValue() - before.get().ticks().getOrDefault(e.getKey(), 0L);
      total += used;
      if (own != null && own.contains(e.getKey().pid())) {
        mine += used;
        mineCount++;
      }
    }
    return Optional.of(
        new Usage(
            total * TICK_NANOS,
            after.get().ticks().size(),
            own == null ? -1 : mine * TICK_NANOS,
            mineCount));
  }

  /**
   * The local TCP ports of this JVM's open sockets (from {@code /proc/self/fd} and {@code
   * /proc/net/tcp*}): the {@code client_port}s its PostgreSQL backends see. Empty when unreadable.
   */
  static Set<Integer> ownLocalPorts() {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve("self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException | RuntimeException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : new String[] {"net/tcp", "net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(PROC.resolve(table), StandardCharsets.US_ASCII)) {
          // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
          String[] f = line.strip().split("\\s+");
          if (f.length > 9 && inodes.contains(f[9])) {
            String local = f[1];
            ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
          }
        }
      } catch (IOException | RuntimeException e) {
        // no IPv6, or not readable
      }
    }
    return ports;
  }

  private static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        long hz = Long.parseLong(out);
        if (hz > 0) {
          return hz;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the Linux default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}

package dev.dagflow.bench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time this JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…})
 * have used, from {@code /proc/self/task/<tid>/stat}; -1 when {@code /proc} is not readable.
 * HotSpot starts and stops compiler threads as the compile queue grows and shrinks, and a thread
 * that ended takes its time with it, so the figure is a lower bound.
 *
 * <pre>{@code
 * long before = JitCpu.nanos();
 * work();
 * long jit = JitCpu.nanos() - before;
 * }</pre>
 */
final class JitCpu {
  private static final Path TASKS = Path.of("/proc/self/task");

  private JitCpu() {}

  static long nanos() {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read it
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return ticks * PgCpu.TICK_NANOS;
  }
}

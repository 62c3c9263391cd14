package dev.dagflow.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates and runs the Prometheus binaries ({@code promtool}, {@code prometheus}; Debian package
 * {@code prometheus}). A missing binary skips the test, except under {@code CI=true}, where it
 * fails.
 *
 * <pre>{@code
 * Promtool.Result r = Promtool.run(Duration.ofSeconds(30), "check", "rules", "alerts.yml");
 * }</pre>
 */
final class Promtool {
  private Promtool() {}

  /** The output and exit code of one run. */
  record Result(int exitCode, String output) {}

  /** The path of {@code name} on the PATH (or /usr/bin); skips, or fails on CI, when absent. */
  static Path require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String message = name + " is not installed (Debian package `prometheus`)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + "; CI=true requires it");
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  static Optional<Path> find(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.add("/usr/bin");
    return dirs.stream().map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
  }

  /** Runs promtool with {@code args} in {@code workDir}, merging stderr into the output. */
  static Result run(Path workDir, Duration timeout, String... args) {
    return runWithInput(workDir, timeout, null, args);
  }

  /**
   * As {@link #run(Path, Duration, String...)}, feeding {@code stdin} (when not null) to promtool.
   */
  static Result runWithInput(Path workDir, Duration timeout, String stdin, String... args) {
    return exec(require("promtool"), workDir, timeout, stdin, args);
  }

  /** Runs {@code binary} with {@code args} in {@code workDir}, merging stderr into the output. */
  static Result exec(Path binary, Path workDir, Duration timeout, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(
            binary.getFileName()
                + " "
                + String.join(" ", args)
                + " did not finish within "
                + timeout);
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + binary, e);
    }
  }
}

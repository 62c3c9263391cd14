package dev.dagflow.bench.api;

import dev.dagflow.bench.engine.PgCpu;
import dev.dagflow.cli.ServerCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The API under load, against the real server in this JVM: {@code wrk} submits (8 connections,
 * {@code POST /workflows/{id}/runs}), then an end-to-end scenario where keep-alive clients submit
 * runs of a 1 → 10 → 1 workflow and the clock stops when every run has ended, next to the same runs
 * submitted in-process to the same server's engine.
 *
 * <pre>{@code
 * bin/dagflow-api-bench --stores h2-mem,pg --seconds 10
 * }</pre>
 */
@Command(name = "dagflow-api-bench", mixinStandardHelpOptions = true)
public final class ApiBench implements Callable<Integer> {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

  @Option(names = "--stores", split = ",", defaultValue = "h2-mem,pg")
  List<String> stores;

  @Option(names = "--seconds", defaultValue = "10", description = "wrk duration per store")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "10",
      description =
          "an unmeasured wrk round first, per store: on 2 cores the JIT is still compiling the"
              + " submit path after 3 s, and that round's CPU per submit is about twice the"
              + " warmed figure")
  int warmupSeconds;

  @Option(names = "--connections", defaultValue = "8")
  int connections;

  @Option(names = "--runs", defaultValue = "1000", description = "runs of the end-to-end scenario")
  int runs;

  @Option(
      names = "--submit-only",
      description =
          "measure submits alone: one active slot, held by a run waiting on an approval, so every"
              + " submitted run stays queued and the engine executes nothing; no end-to-end scenario")
  boolean submitOnly;

  @Option(
      names = "--follow",
      defaultValue = "events",
      description =
          "how the end-to-end clients learn that their runs ended: events (one /ws/events"
              + " follower that asks only for run ends, ?type=run.succeeded,run.failed,"
              + "run.cancelled) or poll (each client GETs each run every 5 ms)")
  String follow;

  @Option(names = "--database-url", defaultValue = "${env:DAGFLOW_TEST_DATABASE_URL}")
  String pgUrl;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ApiBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        "dagflow API benchmark  cpus %d  load %s%n",
        Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).strip());
    for (String store : stores) {
      String schema = null;
      String url;
      if (store.equals("pg")) {
        schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        url = createSchema(schema);
      } else {
        url = "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      }
      try (ServerCommand.Running server = start(url)) {
        bench(store, server);
      } finally {
        if (schema != null) {
          dropSchema(schema);
        }
      }
    }
    return 0;
  }

  private void bench(String store, ServerCommand.Running server) throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    post(http, base + "/workflows", FanOut.yaml("api_submit", 1), "application/yaml");
    post(http, base + "/workflows", FanOut.yaml("api_fanout", 10), "application/yaml");
    if (submitOnly) {
      post(http, base + "/workflows", HOLD_YAML, "application/yaml");
      post(http, base + "/workflows/api_hold/runs", "{}", "application/json");
    }

    // an unmeasured round first, so the CPU per submit does not include JIT compilation
    if (warmupSeconds > 0) {
      Wrk.post(base + "/workflows/api_submit/runs", "{}", connections, warmupSeconds);
      if (!submitOnly) {
        awaitQueueEmpty(http, base); // the measured round must not execute the warm-up's runs
      }
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    var pgBefore = store.equals("pg") ? PgCpu.snapshot() : Optional.<PgCpu.Snapshot>empty();
    Wrk.Result wrk = Wrk.post(base + "/workflows/api_submit/runs", "{}", connections, seconds);
    long jvmCpu = os.getProcessCpuTime() - cpuBefore;
    var pgUsed = PgCpu.between(pgBefore, PgCpu.snapshot(), null);
    if (wrk == null) {
      System.out.println("wrk not installed (apt-get install wrk): submit throughput skipped");
    } else {
      System.out.printf(
          Locale.ROOT,
          "%-7s submits%s  wrk %d connections %d s: %,.0f req/s (non-2xx %d)%n",
          store,
          submitOnly ? " (runs stay queued)" : "",
          connections,
          seconds,
          wrk.requestsPerSecond(),
          wrk.non2xx());
      // CPU per stored run: what other processes on a shared host do not inflate
      long submitted = Math.max(1, Math.round(wrk.requestsPerSecond() * seconds));
      System.out.printf(
          Locale.ROOT,
          "        # %d submits; per submit: JVM cpu %.0f us%s (load %s)%n",
          submitted,
          jvmCpu / 1e3 / submitted,
          pgUsed
              .map(
                  u ->
                      String.format(
                          Locale.ROOT, ", postgres cpu %.0f us", u.nanos() / 1e3 / submitted))
              .orElse(""),
          Files.readString(Path.of("/proc/loadavg")).strip());
    }
    if (submitOnly) {
      return;
    }
    awaitQueueEmpty(http, base);

    // both paths once, unmeasured: the measured in-process phase comes first, and without this it
    // would pay for compiling the fan-out's code paths that the HTTP phase then finds compiled
    int warmup = Math.max(100, runs / 5);
    EndToEnd.inProcess(server.server(), "api_fanout", warmup);
    EndToEnd.overHttp(http, base, "api_fanout", warmup, connections, follow.equals("poll"));
    awaitQueueEmpty(http, base);

    // CPU per run beside the rates: on a shared host the two phases see different loads, and the
    // JVM's CPU per run is what another process does not inflate
    long cpu0 = os.getProcessCpuTime();
    double inProcess = EndToEnd.inProcess(server.server(), "api_fanout", runs);
    long cpu1 = os.getProcessCpuTime();
    double overHttp =
        EndToEnd.overHttp(http, base, "api_fanout", runs, connections, follow.equals("poll"));
    long cpu2 = os.getProcessCpuTime();
    System.out.printf(
        Locale.ROOT,
        "%-7s end-to-end 1-10-1 x %d: in-process %.0f runs/s, over HTTP (%d clients) %.0f runs/s"
            + " = %.0f%% of in-process%n"
            + "        # JVM cpu per run: in-process %.0f us, over HTTP %.0f us (load %s)%n",
        store,
        runs,
        inProcess,
        connections,
        overHttp,
        100 * overHttp / inProcess,
        (cpu1 - cpu0) / 1e3 / runs,
        (cpu2 - cpu1) / 1e3 / runs,
        Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private static void awaitQueueEmpty(HttpClient http, String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/runs?status=queued&limit=1")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String running =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/runs?status=running&limit=1")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (body.contains("\"items\":[]") && running.contains("\"items\":[]")) {
        return;
      }
      Thread.sleep(200);
    }
  }

  static HttpResponse<String> post(HttpClient http, String url, String body, String type)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  private ServerCommand.Running start(String url) throws IOException {
    ServerCommand command = new ServerCommand();
    Path dataDir = Files.createTempDirectory("dagflow-api-bench");
    new CommandLine(command)
        .parseArgs(
            "--host", "127.0.0.1",
            "--port", "0",
            "--database-url", url,
            "--data-dir", dataDir.toString(),
            "--max-queued-runs", "1000000",
            "--max-active-workflows", submitOnly ? "1" : "100",
            "--node-concurrency", "256",
            "--shutdown-grace", "1s");
    return command.start();
  }

  private String pgJdbc() {
    String url =
        pgUrl == null || pgUrl.isBlank() ? "postgresql://postgres@127.0.0.1:5432/test" : pgUrl;
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
    String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
    return "jdbc:postgresql://"
        + uri.getHost()
        + ":"
        + uri.getPort()
        + uri.getPath()
        + "?user="
        + user;
  }

  private String createSchema(String schema) throws SQLException {
    try (var c = DriverManager.getConnection(pgJdbc());
        var s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return pgJdbc() + "&currentSchema=" + schema;
  }

  private void dropSchema(String schema) {
    try (var c = DriverManager.getConnection(pgJdbc());
        var s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }

  private static final String HOLD_YAML =
      """
      id: api_hold
      nodes:
        - {id: hold, type: approval, timeout: 1h}
      """;

  /** The 1 → width → 1 workflow of no-op nodes. */
  static final class FanOut {
    static String yaml(String id, int width) {
      StringBuilder y = new StringBuilder("id: " + id + "\nnodes:\n  - {id: start, type: noop}\n");
      List<String> mids = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        y.append("  - {id: m").append(i).append(", type: noop, depends_on: [start]}\n");
        mids.add("m" + i);
      }
      return y.append("  - {id: end, type: noop, depends_on: [")
          .append(String.join(", ", mids))
          .append("]}\n")
          .toString();
    }
  }

  /** Runs {@code wrk} with a POST script; null when wrk is not installed. */
  static final class Wrk {
    record Result(double requestsPerSecond, long non2xx) {}

    static Result post(String url, String body, int connections, int seconds)
        throws IOException, InterruptedException {
      Path script = Files.createTempFile("wrk-post", ".lua");
      Files.writeString(
          script,
          "wrk.method = \"POST\"\nwrk.body = '"
              + body
              + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
      Process p;
      try {
        p =
            new ProcessBuilder(
                    "wrk",
                    "-t2",
                    "-c" + connections,
                    "-d" + seconds + "s",
                    "-s",
                    script.toString(),
                    url)
                .redirectErrorStream(true)
                .start();
      } catch (IOException notInstalled) {
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      Matcher rps = RPS.matcher(out);
      if (!rps.find()) {
        throw new IllegalStateException("unexpected wrk output:\n" + out);
      }
      Matcher bad = NON_2XX.matcher(out);
      return new Result(
          Double.parseDouble(rps.group(1)), bad.find() ? Long.parseLong(bad.group(1)) : 0);
    }
  }
}

package dev.dagflow.bench.api;

import dev.dagflow.engine.model.EventType;
import dev.dagflow.server.DagflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs submitted in-process and over HTTP; runs/s from the first submit until every run has ended.
 * In-process, the engine's own wait tells when a run ended. Over HTTP, keep-alive clients submit
 * and one follower learns of the ends from {@code /ws/events?type=} the run-ending types, as a
 * dashboard or an orchestrator following many runs would: polling each run's JSON every few
 * milliseconds from every client measured the polling (on 2 cores it took the CPU the engine
 * needed), not the API, and taking every event sent and parsed 27 for each run's one end.
 *
 * <pre>{@code
 * double rate = EndToEnd.overHttp(http, "http://127.0.0.1:8003", "api_fanout", 400, 8);
 * }</pre>
 */
final class EndToEnd {
  private static final Set<String> ENDED = Set.of("success", "failure", "cancelled");

  /** {@code run.succeeded,run.failed,run.cancelled}: the server sends the follower only these. */
  static final String ENDS_RUN =
      Arrays.stream(EventType.values())
          .filter(EventType::endsRun)
          .map(EventType::wireName)
          .collect(Collectors.joining(","));

  /** What a client does with the ids of the runs it submitted. */
  private interface Then {
    void accept(List<String> runIds) throws Exception;
  }

  private EndToEnd() {}

  static double inProcess(DagflowServer server, String workflowId, int runs) throws Exception {
    var engine = server.engine();
    long start = System.nanoTime();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ids.add(engine.submit(workflowId, null, null).runId());
    }
    for (UUID id : ids) {
      engine.awaitTerminal(id, Duration.ofMinutes(5));
    }
    return runs / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Over HTTP; with {@code poll}, each client instead asks for each of its runs every 5 ms until it
   * has ended (the way this benchmark waited before).
   */
  static double overHttp(
      HttpClient http, String base, String workflowId, int runs, int clients, boolean poll)
      throws Exception {
    return poll
        ? polling(http, base, workflowId, runs, clients)
        : following(http, base, workflowId, runs, clients, Duration.ofMinutes(5));
  }

  /**
   * Over HTTP, the ends learnt from {@code /ws/events}, which sends only run-ending events; throws
   * when some do not end in time.
   */
  static double following(
      HttpClient http, String base, String workflowId, int runs, int clients, Duration timeout)
      throws Exception {
    Ends ends = new Ends();
    // follow from now: the events of earlier rounds are not replayed
    String head =
        JsonMapper.shared()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/events?after=head")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .path("next_cursor")
            .asString();
    WebSocket follower =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(
                    base.replace("http:", "ws:")
                        + "/ws/events?after="
                        + head
                        + "&type="
                        + ENDS_RUN),
                ends)
            .get(10, TimeUnit.SECONDS);
    try {
      long start = System.nanoTime();
      Set<String> submitted = ConcurrentHashMap.newKeySet();
      submitFromClients(http, base, workflowId, runs, clients, submitted::addAll);
      ends.awaitAll(submitted, timeout);
      return runs / ((System.nanoTime() - start) / 1e9);
    } finally {
      follower.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  private static double polling(
      HttpClient http, String base, String workflowId, int runs, int clients) throws Exception {
    long start = System.nanoTime();
    submitFromClients(
        http,
        base,
        workflowId,
        runs,
        clients,
        ids -> {
          for (String id : ids) {
            while (!ENDED.contains(status(http, base, id))) {
              Thread.sleep(5);
            }
          }
        });
    return runs / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * {@code clients} keep-alive clients submit {@code runs} between them, each then {@code then}.
   */
  private static void submitFromClients(
      HttpClient http, String base, String workflowId, int runs, int clients, Then then)
      throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int share = runs / clients + (c < runs % clients ? 1 : 0);
        all.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < share; i++) {
                    String body =
                        ApiBench.post(
                                http,
                                base + "/workflows/" + workflowId + "/runs",
                                "{}",
                                "application/json")
                            .body();
                    ids.add(JsonMapper.shared().readTree(body).path("run_id").asString());
                  }
                  then.accept(ids);
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
  }

  private static String status(HttpClient http, String base, String runId) throws Exception {
    String run =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return JsonMapper.shared().readTree(run).path("status").asString();
  }

  /** The runs whose end the event stream has shown. */
  private static final class Ends implements WebSocket.Listener {
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final StringBuilder frame = new StringBuilder();
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      frame.append(data);
      if (last) {
        JsonNode event = JsonMapper.shared().readTree(frame.toString());
        frame.setLength(0);
        if (EventType.fromWireName(event.path("type").asString()).endsRun()) {
          ended.add(event.path("run_id").asString());
          CompletableFuture<Void> was = changed;
          changed = new CompletableFuture<>();
          was.complete(null);
        }
      }
      ws.request(1);
      return null;
    }

    void awaitAll(Set<String> runIds, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        CompletableFuture<Void> next = changed;
        if (ended.containsAll(runIds)) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          runIds.removeAll(ended);
          throw new IllegalStateException(runIds.size() + " runs did not end in " + timeout);
        }
        try {
          next.get(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // look again: an end may have arrived between the check and the wait
        }
      }
    }
  }
}

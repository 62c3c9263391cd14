package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Run;
import dev.dagflow.client.model.RunPage;
import dev.dagflow.engine.definition.Retention;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dagflow purge --older-than D [--workflow ID] [--dry-run]}: deletes the finished runs
 * (success, failure, cancelled) that finished more than {@code D} ago, through {@code GET /runs}
 * and {@code DELETE /runs/{run_id}}. A run that is running again by the time it is deleted (a
 * retry) answers 409: it is skipped and reported, not fatal.
 *
 * <pre>{@code
 * $ dagflow purge --older-than 30d --workflow nightly_report --dry-run
 * }</pre>
 */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = {
      "Delete finished runs (success, failure, cancelled) that finished more than D ago.",
      "Exit 0 when done (runs that are running are skipped and reported), 2 on bad input or a"
          + " 4xx, 3 when the server is unreachable."
    })
public final class PurgeCommand implements Callable<Integer> {
  private static final Set<String> FINISHED = Set.of("success", "failure", "cancelled");
  private static final int PAGE = 200;

  @Mixin ServerOptions server;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "D",
      description = "Age of the finish time, e.g. 30d, 7d12h, 36h, 10m, 500ms.")
  private String olderThan;

  @Option(names = "--workflow", paramLabel = "ID", description = "Only this workflow's runs.")
  private String workflowId;

  @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
  private boolean dryRun;

  /** What a pass did: the runs deleted (or, dry, that would be) and those skipped, by reason. */
  record Outcome(boolean dryRun, List<String> deleted, Map<String, String> skipped) {}

  @Override
  public Integer call() {
    return server.call(this::purge);
  }

  private int purge(DagflowClient client) throws ApiException, IOException {
    Duration age =
        Retention.find(olderThan)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--older-than '%s': use whole numbers with units d, h, m, s, ms, e.g. 30d, 36h, 10m"
                            .formatted(olderThan)));
    Instant cutoff = Instant.now().minus(age);
    Outcome outcome = new Outcome(dryRun, new ArrayList<>(), new LinkedHashMap<>());
    // the cursor is a position in the list (queued time, run id): deleting rows behind it
    // neither skips nor repeats a run
    String cursor = null;
    do {
      RunPage page = client.runs().listRuns(workflowId, null, null, null, null, PAGE, cursor);
      for (Run run : page.getItems()) {
        if (expired(run, cutoff)) {
          delete(client, run, outcome);
        }
      }
      cursor = page.getNextCursor();
    } while (cursor != null);
    report(client, outcome);
    return ServerOptions.OK;
  }

  private static boolean expired(Run run, Instant cutoff) {
    return FINISHED.contains(run.getStatus())
        && run.getFinishedAt() != null
        && run.getFinishedAt().toInstant().isBefore(cutoff);
  }

  private void delete(DagflowClient client, Run run, Outcome outcome) throws ApiException {
    String id = run.getRunId().toString();
    if (dryRun) {
      outcome.deleted().add(id);
      return;
    }
    try {
      client.runs().deleteRun(id);
      outcome.deleted().add(id);
    } catch (ApiException e) {
      switch (e.getCode()) {
        case 409 -> outcome.skipped().put(id, "running");
        case 404 -> outcome.skipped().put(id, "already deleted");
        default -> throw e;
      }
    }
  }

  private void report(DagflowClient client, Outcome outcome) throws IOException {
    if (server.json) {
      server.printJson(
          client,
          Map.of(
              "dry_run", outcome.dryRun(),
              "deleted", outcome.deleted().size(),
              "run_ids", outcome.deleted(),
              "skipped", outcome.skipped()));
      return;
    }
    outcome.skipped().forEach((id, why) -> server.err().println("skipped run " + id + ": " + why));
    server
        .out()
        .println(
            (outcome.dryRun() ? "would delete " : "deleted ")
                + outcome.deleted().size()
                + (outcome.deleted().size() == 1 ? " run" : " runs")
                + (outcome.skipped().isEmpty()
                    ? ""
                    : " (" + outcome.skipped().size() + " skipped)"));
  }
}

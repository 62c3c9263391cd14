package dev.dagflow.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a server shares: {@code --server} (else {@code DAGFLOW_SERVER},
 * else {@code http://localhost:8003}), {@code --token} (else {@code DAGFLOW_TOKEN}), {@code
 * --json}, and the exit codes: 0 done, 2 bad input or a 4xx answer, 3 the server could not be
 * reached or answered 5xx (1, a failed run, is the commands' own). Errors print the problem's title
 * and detail on one line.
 *
 * <pre>{@code
 * @Mixin ServerOptions server;
 * public Integer call() { return server.call(client -> { ...; return 0; }); }
 * }</pre>
 */
final class ServerOptions {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;
  static final int UNAVAILABLE = 3;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:DAGFLOW_SERVER:-http://localhost:8003}",
      description = "The dagflow server (default: $DAGFLOW_SERVER, else http://localhost:8003).")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:DAGFLOW_TOKEN}",
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
      description = "API token sent as a bearer token (default: $DAGFLOW_TOKEN).")
  String token;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  /** A server call; returns the exit code. */
  @FunctionalInterface
  interface Call {
    int run(DagflowClient client) throws ApiException, IOException, InterruptedException;
  }

  /** Runs {@code call} against the server and turns failures into messages and exit codes. */
  int call(Call call) {
    PrintWriter err = err();
    try {
      DagflowClient client = DagflowClient.builder().baseUri(server).token(token).build();
      return call.run(client);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    } catch (ApiException e) {
      return report(e, false);
    } catch (IOException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return UNAVAILABLE;
    } finally {
      err.flush();
      out().flush();
    }
  }

  /**
   * Prints a failed call as one line, {@code error: TITLE: DETAIL}, or with {@code located} every
   * problem of a refused definition on its own line as {@code dagflow validate} does ({@code
   * FILE:LINE:COLUMN: message}); returns the exit code.
   */
  int report(ApiException e, boolean located) {
    PrintWriter err = err();
    int code = e.getCode();
    if (code == 0) {
      err.println("error: cannot reach " + server + ": " + cause(e));
      return UNAVAILABLE;
    }
    Problem problem = DagflowClient.problemOf(e).orElse(null);
    if (problem == null) {
      err.println("error: " + code + " from " + server);
    } else if (located && problem.getErrors() != null && !problem.getErrors().isEmpty()) {
      problem.getErrors().forEach(err::println); // located, like `dagflow validate`
    } else {
      err.println(
          "error: "
              + problem.getTitle()
              + (problem.getDetail() == null ? "" : ": " + problem.getDetail()));
    }
    return code >= 500 ? UNAVAILABLE : INVALID;
  }

  /** Prints a value as indented JSON on standard output. */
  void printJson(DagflowClient client, Object value) throws IOException {
    out()
        .println(
            client
                .mapper()
                .writer()
                .with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(value));
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof HttpTimeoutException) {
        return "timed out";
      }
      root = t;
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}

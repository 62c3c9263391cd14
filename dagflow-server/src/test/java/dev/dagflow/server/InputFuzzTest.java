package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Property, through the real HTTP API on H2 and on PostgreSQL side by side: random bodies for the
 * params, approval and registration endpoints (NUL, lone surrogates, control characters, invalid
 * UTF-8, huge numbers, broken syntax) never give a 5xx or a stack trace, and the same body gets the
 * same status and problems from both stores. Seeded: a failure names the seed that replays it
 * ({@code -Ddagflow.fuzz.seed=N}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputFuzzTest {
  private static final long SEED = Long.getLong("dagflow.fuzz.seed", 20261204L);
  private static final int TRIES = Integer.getInteger("dagflow.fuzz.tries", 100);
  private static final String[] PIECES = {
    "a",
    " ",
    "\n",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "😀",
    "é",
    "\\u0001",
    "\\\"",
    "\\\\",
    "\\n",
    "\\x00",
    "\u0001",
    "\t"
  };

  private ServerFixture h2;
  private ServerFixture postgres;

  @BeforeAll
  void start() {
    h2 = ServerFixture.h2();
    postgres = ServerFixture.postgres();
    String flow =
        "id: fz\nparams:\n  who: {type: string}\n  n: {type: number}\nnodes:\n  - {id: a, type: noop}\n";
    h2.register(flow);
    postgres.register(flow);
  }

  @AfterAll
  void stop() {
    h2.close();
    postgres.close();
  }

  @Test
  void randomParamsBodiesAreAnsweredAlikeWithoutServerErrors() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      byte[] body = jsonBody(random, random.nextBoolean() ? "who" : text(random));
      same("POST /workflows/fz/runs", i, body, api -> post(api, "/workflows/fz/runs", body));
    }
  }

  @Test
  void randomApprovalBodiesAreAnsweredAlikeWithoutServerErrors() {
    String h2Run = h2.submit("fz", "{}");
    String pgRun = postgres.submit("fz", "{}");
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < TRIES; i++) {
      byte[] body = jsonBody(random, random.nextBoolean() ? "comment" : "by");
      String verb = random.nextBoolean() ? "approve" : "reject";
      same(
          "POST /runs/{id}/nodes/a/" + verb,
          i,
          body,
          api -> post(api, "/runs/" + (api == h2 ? h2Run : pgRun) + "/nodes/a/" + verb, body));
    }
  }

  @Test
  void randomDefinitionsAreAnsweredAlikeWithoutServerErrors() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < TRIES; i++) {
      String id = "f" + i;
      String text =
          random.nextBoolean()
              ? "id: %s\ndescription: \"%s\"\nnodes:\n  - {id: \"%s\", type: noop}\n"
                  .formatted(id, text(random), random.nextBoolean() ? "a" : text(random))
              : "{\"id\": \"%s\", \"description\": \"%s\", \"nodes\": [{\"id\": \"a\", \"type\": \"noop\", \"%s\": 1}]}"
                  .formatted(id, text(random), text(random));
      byte[] body = withRawBytes(random, text.getBytes(StandardCharsets.UTF_8));
      same("POST /workflows", i, body, api -> post(api, "/workflows", body));
    }
  }

  private void same(
      String route,
      int i,
      byte[] body,
      java.util.function.Function<ServerFixture, HttpResponse<String>> call) {
    HttpResponse<String> a = call.apply(h2);
    HttpResponse<String> b = call.apply(postgres);
    String input = new String(body, StandardCharsets.ISO_8859_1);
    String context = "seed %d try %d %s body %s".formatted(SEED, i, route, input);
    for (HttpResponse<String> r : List.of(a, b)) {
      assertThat(r.statusCode()).as(context + " -> " + r.body()).isLessThan(500);
      assertThat(r.body()).as(context).doesNotContain("\tat ").doesNotContain("Exception");
    }
    assertThat(b.statusCode())
        .as(context + " H2 " + a.body() + " PG " + b.body())
        .isEqualTo(a.statusCode());
    assertThat(problems(b)).as(context).isEqualTo(problems(a));
  }

  private static List<String> problems(HttpResponse<String> r) {
    if (r.statusCode() < 400) {
      return List.of();
    }
    JsonNode problem = ServerFixture.json(r);
    return problem.path("errors").valueStream().map(JsonNode::asString).toList();
  }

  private static HttpResponse<String> post(ServerFixture api, String path, byte[] body) {
    return api.send(
        api.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code {"KEY": "…", "n": …}} with random escapes, sometimes a huge number or raw bad bytes. */
  private static byte[] jsonBody(SplittableRandom random, String key) {
    StringBuilder b =
        new StringBuilder("{\"").append(key).append("\": \"").append(text(random)).append('"');
    if (random.nextInt(3) == 0) {
      b.append(", \"n\": ")
          .append(random.nextInt(1, 10))
          .append("0".repeat(random.nextInt(0, 1200)));
    }
    if (random.nextInt(8) == 0) {
      b.setLength(random.nextInt(b.length())); // truncated: malformed JSON
    } else {
      b.append('}');
    }
    return withRawBytes(random, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Sometimes puts a Latin-1, CESU-8 surrogate or NUL byte somewhere in the body. */
  private static byte[] withRawBytes(SplittableRandom random, byte[] utf8) {
    if (random.nextInt(4) != 0 || utf8.length == 0) {
      return utf8;
    }
    byte[][] bad = {{(byte) 0xE9}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}, {(byte) 0xC3}};
    byte[] insert = bad[random.nextInt(bad.length)];
    int at = random.nextInt(utf8.length);
    byte[] out = new byte[utf8.length + insert.length];
    System.arraycopy(utf8, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(utf8, at, out, at + insert.length, utf8.length - at);
    return out;
  }

  private static String text(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(0, 6);
    for (int i = 0; i < n; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }
}

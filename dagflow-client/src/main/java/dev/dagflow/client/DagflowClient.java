package dev.dagflow.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagflow.client.api.EventsApi;
import dev.dagflow.client.api.HealthApi;
import dev.dagflow.client.api.RunsApi;
import dev.dagflow.client.api.WorkflowsApi;
import dev.dagflow.client.invoker.ApiClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Problem;
import dev.dagflow.client.model.Submitted;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The dagflow API from Java: the operations generated from {@code openapi.yaml} ({@link
 * #workflows()}, {@link #runs()}, {@link #events()}, {@link #health()}), one configured HTTP client
 * under them that sends the bearer token, and what the generated code cannot do by itself: submits
 * with an {@code Idempotency-Key}, following a run live over its WebSocket with resumption after a
 * reconnect, and reading the RFC 9457 problem out of a failed call.
 *
 * <pre>{@code
 * DagflowClient dagflow = DagflowClient.builder()
 *     .baseUri("http://localhost:8003")
 *     .token(System.getenv("DAGFLOW_TOKEN"))      // optional
 *     .build();
 * dagflow.workflows().registerWorkflow(Files.readString(Path.of("flow.yaml")), "flow.yaml");
 * Submitted s = dagflow.submit("sdlc_parallel", Map.of("requirement", "a todo app"), "order-42");
 * Run done = dagflow.follow(s.getRunId())
 *     .onEvent(e -> System.out.println(e.getType() + " " + e.getNodeId()))
 *     .await();
 * }</pre>
 */
public final class DagflowClient {
  private static final ObjectMapper PROBLEMS = ApiClient.createDefaultObjectMapper();
  private final URI baseUri;
  private final String token;
  private final Duration reconnectFor;
  private final ApiClient api;
  private final HttpClient http;

  private DagflowClient(Builder b) {
    this.baseUri = b.baseUri;
    this.token = b.token;
    this.reconnectFor = b.reconnectFor;
    HttpClient.Builder httpBuilder = HttpClient.newBuilder().connectTimeout(b.connectTimeout);
    this.http = httpBuilder.build();
    this.api =
        new ApiClient(httpBuilder, ApiClient.createDefaultObjectMapper(), b.baseUri.toString());
    api.setReadTimeout(b.readTimeout);
    if (token != null) {
      api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Register, list, read and delete workflow definitions. */
  public WorkflowsApi workflows() {
    return new WorkflowsApi(api);
  }

  /** Submit, list, read, cancel runs; decide approvals. */
  public RunsApi runs() {
    return new RunsApi(api);
  }

  /** A run's event history. */
  public EventsApi events() {
    return new EventsApi(api);
  }

  /** The probes. */
  public HealthApi health() {
    return new HealthApi(api);
  }

  /**
   * Submits a run; a repeat with the same {@code idempotencyKey} (null for none) returns the same
   * run instead of starting another, so a submit can be retried safely after a network failure.
   */
  public Submitted submit(String workflowId, Map<String, Object> params, String idempotencyKey)
      throws ApiException {
    return runs().submitRun(workflowId, idempotencyKey, params);
  }

  /**
   * Follows a run from its first event: {@link RunFollower#await()} delivers every event in order
   * and returns the finished run.
   */
  public RunFollower follow(UUID runId) {
    return new RunFollower(this, runId);
  }

  /** The server's address. */
  public URI baseUri() {
    return baseUri;
  }

  /** The RFC 9457 problem details of a failed call, when the server sent them. */
  public static Optional<Problem> problemOf(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank() || e.getCode() < 400) {
      return Optional.empty();
    }
    try {
      return Optional.of(PROBLEMS.readValue(body, Problem.class));
    } catch (com.fasterxml.jackson.core.JacksonException notAProblem) {
      return Optional.empty();
    }
  }

  /** The JSON mapper the generated models are read with. */
  public ObjectMapper mapper() {
    return api.getObjectMapper();
  }

  HttpClient http() {
    return http;
  }

  Optional<String> token() {
    return Optional.ofNullable(token);
  }

  Duration reconnectFor() {
    return reconnectFor;
  }

  /** Configures a {@link DagflowClient}; {@link #build()} validates. */
  public static final class Builder {
    private URI baseUri = URI.create("http://localhost:8003");
    private String token;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration reconnectFor = Duration.ofMinutes(2);

    private Builder() {}

    /** The server, e.g. {@code http://localhost:8003} (the default). */
    public Builder baseUri(String v) {
      baseUri = URI.create(Objects.requireNonNull(v, "baseUri").replaceAll("/+$", ""));
      return this;
    }

    /** The API token sent as {@code Authorization: Bearer}; null or blank sends none. */
    public Builder token(String v) {
      token = v == null || v.isBlank() ? null : v.strip();
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    /** How long one call may wait for its response. */
    public Builder readTimeout(Duration v) {
      readTimeout = v;
      return this;
    }

    /**
     * How long {@link RunFollower} keeps reconnecting to an unreachable server (e.g. one that
     * restarts) before it gives up.
     */
    public Builder reconnectFor(Duration v) {
      reconnectFor = v;
      return this;
    }

    public DagflowClient build() {
      String scheme = baseUri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "server URL must start with http:// or https://, got " + baseUri);
      }
      if (baseUri.getHost() == null) {
        throw new IllegalArgumentException("server URL has no host: " + baseUri);
      }
      for (Duration d : new Duration[] {connectTimeout, readTimeout, reconnectFor}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("timeouts must be positive");
        }
      }
      return new DagflowClient(this);
    }
  }
}

package dev.dagflow.server.internal;

import dev.dagflow.metrics.MetricsCollector;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * Measures every HTTP request: {@code dag_api_requests_total{method,endpoint,status_code}} and
 * {@code dag_api_request_duration_seconds{method,endpoint}}, where {@code endpoint} is the matched
 * route template ({@code /runs/{run_id}}) or {@code unmatched}, so no label value comes from a
 * request path.
 *
 * <pre>{@code
 * cfg.routes.before(apiMetrics::begin);
 * cfg.routes.after(apiMetrics::end);
 * }</pre>
 */
public final class ApiMetrics {
  /** The {@code endpoint} label of requests that matched no route. */
  public static final String UNMATCHED = "unmatched";

  private static final String START = "dagflow.start-nanos";

  private final MetricsCollector metrics;

  public ApiMetrics(MetricsCollector metrics) {
    this.metrics = metrics;
  }

  public void begin(Context ctx) {
    ctx.attribute(START, System.nanoTime());
  }

  public void end(Context ctx) {
    Long start = ctx.attribute(START);
    if (start == null) {
      return;
    }
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    String endpoint = matched == null ? UNMATCHED : matched.path;
    String method = ctx.method().name();
    metrics.recordApiRequest(method, endpoint, ctx.statusCode(), (System.nanoTime() - start) / 1e9);
  }
}

package dev.dagflow.server.internal;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * A SERVER span per HTTP request, named by method and route template ({@code POST
 * /workflows/{workflow_id}/runs}), continuing the caller's trace when the request carries W3C
 * {@code traceparent}. The span is current while the handler runs, so a submitted run's span
 * becomes its child. With the API's no-op implementation nothing is recorded.
 *
 * <pre>{@code
 * cfg.routes.before(httpSpans::begin);
 * cfg.routes.after(httpSpans::end);
 * }</pre>
 */
public final class HttpSpans {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final String SPAN = "dagflow.http-span";
  private static final String SCOPE = "dagflow.http-scope";
  private static final TextMapGetter<Context> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
          return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
          return ctx == null ? null : ctx.header(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public HttpSpans(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.dagflow.server");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  public void begin(Context ctx) {
    io.opentelemetry.context.Context parent =
        propagator.extract(io.opentelemetry.context.Context.current(), ctx, HEADERS);
    String method = ctx.method().name();
    Span span =
        tracer
            .spanBuilder(method)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(METHOD, method)
            .setAttribute(PATH, ctx.path())
            .startSpan();
    if (!span.getSpanContext().isValid()) {
      return; // tracing is off
    }
    ctx.attribute(SPAN, span);
    ctx.attribute(SCOPE, parent.with(span).makeCurrent());
  }

  public void end(Context ctx) {
    Span span = ctx.attribute(SPAN);
    Scope scope = ctx.attribute(SCOPE);
    if (span == null) {
      return;
    }
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      span.updateName(ctx.method().name() + " " + matched.path);
      span.setAttribute(ROUTE, matched.path);
    }
    int status = ctx.statusCode();
    span.setAttribute(STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    if (scope != null) {
      scope.close();
    }
  }
}

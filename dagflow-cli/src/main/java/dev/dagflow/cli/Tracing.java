package dev.dagflow.cli;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * The OpenTelemetry SDK of the runnable jar, on with {@code --otel} or {@code DAGFLOW_OTEL=1} and
 * configured by the standard {@code OTEL_*} variables (docs/monitoring.md, "Tracing"). Defaults
 * differ from the SDK's in three ways: the service is {@code dagflow}, OTLP goes over HTTP
 * (protobuf), and only traces are exported (dagflow's metrics are Prometheus').
 *
 * <pre>{@code
 * try (Tracing tracing = Tracing.start(otelFlag, System.getenv())) {
 *   engineBuilder.openTelemetry(tracing.openTelemetry());
 * }
 * }</pre>
 */
public final class Tracing implements AutoCloseable {
  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** The SDK when {@code enabled} or {@code DAGFLOW_OTEL=1} in {@code env}; else the no-op API. */
  public static Tracing start(boolean enabled, Map<String, String> env) {
    String flag = env.getOrDefault("DAGFLOW_OTEL", "");
    if (!enabled && !(flag.equals("1") || flag.equalsIgnoreCase("true"))) {
      return new Tracing(null);
    }
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            // defaults only: OTEL_* variables and -Dotel.* properties override them
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", "dagflow",
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return new Tracing(sdk);
  }

  public boolean enabled() {
    return sdk != null;
  }

  public OpenTelemetry openTelemetry() {
    return sdk != null ? sdk : OpenTelemetry.noop();
  }

  /** Flushes and stops the exporter (after the engine ended its spans). */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}

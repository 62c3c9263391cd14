package dev.dagflow.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a registry in the format the scraper's {@code Accept} header asks for, with client_java's
 * own writers ({@link ExpositionFormats}): Prometheus text 0.0.4 by default, OpenMetrics 1.0.0
 * (exemplars, {@code # EOF}) for {@code application/openmetrics-text}, and the Prometheus protobuf
 * format for {@code application/vnd.google.protobuf}. The body is gzip-compressed when {@code
 * Accept-Encoding} allows gzip.
 *
 * <pre>{@code
 * MetricsExposition exposition = MetricsExposition.create(registry);
 * Exposition out = exposition.write("application/openmetrics-text; version=1.0.0", "gzip");
 * }</pre>
 */
public final class MetricsExposition {

  private final PrometheusRegistry registry;
  private final ExpositionFormats formats;
  // Sizes the next buffer like the last response, as client_java's scrape handler does.
  private final AtomicInteger lastSize = new AtomicInteger(16 * 1024);

  private MetricsExposition(PrometheusRegistry registry, PrometheusProperties properties) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.formats = ExpositionFormats.init(properties);
  }

  /** An exposition of {@code registry} with client_java's default properties. */
  public static MetricsExposition create(PrometheusRegistry registry) {
    return new MetricsExposition(registry, PrometheusProperties.get());
  }

  /** An exposition of {@code registry} configured by {@code properties}. */
  public static MetricsExposition create(
      PrometheusRegistry registry, PrometheusProperties properties) {
    return new MetricsExposition(registry, properties);
  }

  /**
   * Scrapes the registry and writes it.
   *
   * @param accept the request's {@code Accept} header, or null
   * @param acceptEncoding the request's {@code Accept-Encoding} header, or null
   */
  public Exposition write(String accept, String acceptEncoding) {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
    MetricSnapshots snapshots = registry.scrape();
    boolean gzip = acceptsGzip(acceptEncoding);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(lastSize.get() + 1024);
    try (OutputStream out = gzip ? new GZIPOutputStream(buffer, 8192) : buffer) {
      writer.write(out, snapshots, escaping);
    } catch (IOException impossible) {
      throw new UncheckedIOException("writing to memory failed", impossible);
    }
    lastSize.set(buffer.size());
    return new Exposition(buffer.toByteArray(), writer.getContentType(), gzip);
  }

  /** True when the header lists {@code gzip} (or {@code *}) without {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String entry : acceptEncoding.split(",")) {
      String[] parts = entry.split(";");
      String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("*")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
        if (parameter.startsWith("q=")) {
          refused = parseQuality(parameter.substring(2)) <= 0;
        }
      }
      if (!refused) {
        return true;
      }
    }
    return false;
  }

  private static double parseQuality(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException malformed) {
      return 0;
    }
  }
}

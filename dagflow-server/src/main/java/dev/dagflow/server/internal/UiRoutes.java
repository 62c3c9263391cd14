package dev.dagflow.server.internal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;

/**
 * Serves the web UI from dagflow-ui's classpath assets: {@code /ui/…} (deep links such as {@code
 * /ui/runs/{run_id}} answer with the single page, which routes in the browser), the browser
 * libraries from their WebJars under {@code /webjars/…} and {@code /ui/vendor/…}, and {@code /}
 * redirects to {@code /ui/}. Nothing is fetched from a CDN.
 *
 * <pre>{@code
 * UiRoutes.install(cfg);
 * }</pre>
 */
public final class UiRoutes {
  private static final String WEB = "/dev/dagflow/ui/web";

  private UiRoutes() {}

  public static void install(JavalinConfig cfg) {
    cfg.staticFiles.enableWebjars();
    cfg.staticFiles.add(
        sf -> {
          sf.hostedPath = "/ui";
          sf.directory = WEB;
          sf.location = Location.CLASSPATH;
          // index.html names versioned WebJar paths; the app's own modules change with a release
          sf.headers = java.util.Map.of("Cache-Control", "no-cache");
        });
    cfg.spaRoot.addFile("/ui", WEB + "/index.html", Location.CLASSPATH);
    cfg.routes.get("/", ctx -> ctx.redirect("/ui/", HttpStatus.FOUND));
  }
}

package dev.dagflow.server;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A real server on a free port and one headless Chromium driving its UI, for the whole class: a
 * subclass says which server (settings, workflows) its pages run against.
 *
 * <pre>{@code
 * class UiRetryBrowserTest extends BrowserTestBase {
 *   ServerFixture server() {
 *     ServerFixture api = ServerFixture.h2();
 *     api.register(FAILS_ONCE);
 *     return api;
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase {
  ServerFixture api;
  Browser browser;

  /** The started server, its workflows registered. */
  abstract ServerFixture server() throws IOException;

  @BeforeAll
  final void startServerAndBrowser() throws IOException {
    Browser.requireChromium();
    api = server();
    browser = Browser.open(api.base);
  }

  @AfterAll
  final void stopServerAndBrowser() {
    if (browser != null) {
      browser.close();
    }
    if (api != null) {
      api.close();
    }
  }
}

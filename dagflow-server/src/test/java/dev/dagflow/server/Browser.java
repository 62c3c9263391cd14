package dev.dagflow.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven through {@code /usr/bin/chromedriver} (Selenium never downloads a
 * driver: {@code SE_OFFLINE=true} in the build). Without the two packages the browser tests skip
 * with a message; with {@code CI} set they fail instead.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final List<Path> CHROMIUM =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

  final ChromeDriver driver;
  private final String base;

  private Browser(String base) {
    this.base = base;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,900",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** A browser on the server at {@code base}; skips (or fails in CI) without chromium. */
  static Browser open(String base) {
    requireChromium();
    return new Browser(base);
  }

  static void requireChromium() {
    boolean present =
        Files.isExecutable(CHROMEDRIVER) && CHROMIUM.stream().anyMatch(Files::isExecutable);
    if (present) {
      return;
    }
    String why =
        "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromedriver): apt-get install chromium chromium-driver";
    if (System.getenv("CI") != null) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  private static Path chromium() {
    return CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElseThrow();
  }

  void go(String path) {
    driver.get(base + path);
  }

  WebDriverWait waitUpTo(Duration d) {
    return new WebDriverWait(driver, d, Duration.ofMillis(50));
  }

  WebElement await(String css) {
    return waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  WebElement awaitVisible(String css) {
    return waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  String currentPath() {
    return (String) js("return location.pathname + location.search");
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      File shot = driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE);
      Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

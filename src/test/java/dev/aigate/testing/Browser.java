package dev.aigate.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A headless Chromium for browser tests: Debian's {@code chromium} driven through {@code chromedriver}
 * (Selenium), with a fresh profile each time and nothing that talks to the network on its own.
 *
 * <p>When the browser is not installed the test is skipped with a message saying how to install it, except
 * under {@code CI=true}, where a missing browser fails the test: CI must not pass by testing nothing.
 * {@code .ci/run} installs {@code chromium chromium-driver} when they are missing.
 *
 * <pre>
 * try (Browser browser = Browser.start()) {
 *     browser.driver().get(url);
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {

    /** Where Debian puts the browser and its driver; {@code AIGATE_TEST_CHROMIUM} / {@code _CHROMEDRIVER} override. */
    public static final Path CHROMIUM = Path.of(envOr("AIGATE_TEST_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(envOr("AIGATE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(WebDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts a headless browser, or skips the calling test (fails it under {@code CI=true}) when there is none. */
    public static Browser start() {
        String missing = missing();
        if (missing != null) {
            String message = missing + "; install it with: apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and the browser tests cannot run: " + message);
            }
            Assumptions.abort("browser test skipped: " + message);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("aigate-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1024", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    /** Why the browser cannot run here, or null when it can. */
    public static String missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return "no browser at " + CHROMIUM;
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return "no chromedriver at " + CHROMEDRIVER;
        }
        return null;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} and returns the page's visible text. */
    public String open(String url) {
        driver.get(url);
        return text();
    }

    /** The visible text of the current page. */
    public String text() {
        return driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
    }

    /** Saves a PNG of the current page (the window's size) to {@code file}. */
    public void screenshot(Path file) {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            png.delete();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a profile left in the temp directory is harmless
        }
    }
}

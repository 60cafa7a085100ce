package dev.aigate.dashboard;

import dev.aigate.testing.Browser;
import dev.aigate.testing.EndToEndTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium: the seeded organisation of {@link DashboardQueriesTest} renders as charts and
 * tables showing its figures, every table's CSV says what the table says, and an anonymous visitor sees none of it.
 * Leaves a screenshot in target/screenshots/dashboard.png ({@code -Daigate.screenshots=docs/images} for the docs).
 */
@MicronautTest
class DashboardBrowserTest extends EndToEndTestBase {

    @Inject
    DataSource dataSource;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.test.page-access", "cookie", "aigate.test.page-access.members", "alice:acme");
    }

    @Test
    void theSeededFiguresShowAsChartsAndTablesAndTheCsvAgrees() throws Exception {
        DashboardQueriesTest.seed(dataSource, Instant.now());
        String base = server.getURL().toString();
        try (Browser browser = Browser.start()) {
            var driver = browser.driver();
            String anonymous = browser.open(base + "/orgs/acme");
            assertTrue(driver.getCurrentUrl().endsWith(TestPageAccess.SIGN_IN), driver.getCurrentUrl());
            assertFalse(anonymous.contains("acme/app"), "an anonymous visitor sees no pull request data");

            driver.manage().addCookie(new Cookie(TestPageAccess.COOKIE, "alice"));
            browser.open(base + "/");
            assertTrue(driver.getCurrentUrl().endsWith("/orgs/acme"), "the one organisation alice may see opens: "
                    + driver.getCurrentUrl());
            String text = browser.open(base + "/orgs/acme?days=30");
            assertTrue(text.contains("6 pull requests opened, 50.0% of them AI-made"), text);

            // Charts: the bars carry the seeded figures.
            assertEquals(2.0, sum(driver.findElements(By.cssSelector("#chart-share rect.bar[data-series='agent']"))),
                    "two agent pull requests opened in 30 days");
            assertEquals(3.0, sum(driver.findElements(By.cssSelector("#chart-share rect.bar[data-series='none']"))));
            assertEquals("2", attr(driver, "#chart-wait-approval rect.bar[data-category='none'][data-series='median']"));
            assertEquals("2.8", attr(driver, "#chart-wait-approval rect.bar[data-category='none'][data-series='p90']"));
            assertEquals("14", attr(driver, "#chart-wait-merge rect.bar[data-category='agent'][data-series='median']"));
            assertEquals("1", attr(driver, "#chart-outcomes rect.bar[data-category='agent'][data-series='merged_while_blocked']"));
            assertEquals("3", attr(driver, "#chart-blocking-requirements rect.bar"));
            assertTrue(driver.findElement(By.cssSelector("#chart-share rect.bar[data-series='agent']")).isDisplayed());

            // Tables.
            assertEquals(List.of("none", "2", "2.0", "2.8", "2", "4.0", "4.8"), row(driver, "review-wait", "none"));
            assertEquals(List.of("agent", "1", "2.0", "2.0", "2", "14.0", "22.0"), row(driver, "review-wait", "agent"));
            assertEquals("acme/app#4", row(driver, "agent-merged-under-approved", "acme/app#4").get(0));
            assertEquals("0 of 2", row(driver, "agent-merged-under-approved", "acme/app#4").get(3));
            assertEquals("maint", row(driver, "overrides", null).get(3));
            assertEquals("=cmd|' /C calc'!A0 <b>hotfix</b>", row(driver, "overrides", null).get(4), "shown as text, not markup");
            assertEquals(List.of("acme/nopolicy", "the server's default policy"),
                    row(driver, "repositories-without-policy", "acme/nopolicy").subList(0, 2));

            // Every table's CSV has the table's rows, cell for cell.
            List<WebElement> tables = driver.findElements(By.cssSelector("table[data-table]"));
            assertTrue(tables.size() >= 8, "tables shown: " + tables.size());
            for (WebElement table : tables) {
                String id = table.getAttribute("data-table");
                List<List<String>> shown = new ArrayList<>();
                for (WebElement tr : table.findElements(By.cssSelector("tr"))) {
                    List<String> cells = new ArrayList<>();
                    for (WebElement cell : tr.findElements(By.cssSelector("th, td"))) {
                        cells.add(cell.getText());
                    }
                    shown.add(cells);
                }
                List<List<String>> csv = parseCsv(get(base + "/orgs/acme?days=30&format=csv&table=" + id));
                assertEquals(shown, csv, "CSV of " + id);
            }

            long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.body.scrollHeight");
            driver.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, height + 40)));
            // -Daigate.screenshots=docs/images refreshes the documentation's picture; otherwise it stays in target/.
            browser.screenshot(Path.of(System.getProperty("aigate.screenshots", "target/screenshots"), "dashboard.png"));
        }
    }

    private static double sum(List<WebElement> bars) {
        return bars.stream().mapToDouble(b -> Double.parseDouble(b.getAttribute("data-value"))).sum();
    }

    private static String attr(org.openqa.selenium.WebDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getAttribute("data-value");
    }

    /** The cells of the first row of a table whose first cell is {@code first} (any row when null). */
    private static List<String> row(org.openqa.selenium.WebDriver driver, String table, String first) {
        for (WebElement tr : driver.findElements(By.cssSelector("table[data-table='" + table + "'] tbody tr"))) {
            List<String> cells = tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            if (first == null || cells.get(0).equals(first)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in " + table);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", TestPageAccess.COOKIE + "=alice").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        return r.body();
    }

    /** RFC 4180, and the {@code '} a formula-like text cell is prefixed with taken off again. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\r') {
                if (c == ',' || text.startsWith("\r\n", i)) {
                    row.add(unprefix(cell.toString(), wasQuoted));
                    cell.setLength(0);
                    wasQuoted = false;
                    if (c == '\r') {
                        rows.add(row);
                        row = new ArrayList<>();
                        i++;
                    }
                }
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    private static String unprefix(String value, boolean quoted) {
        return quoted && value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0
                ? value.substring(1) : value;
    }
}

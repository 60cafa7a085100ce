package dev.aigate.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrowserSmokeTest {
    @Test
    void opensAPage() {
        try (Browser browser = Browser.start()) {
            assertEquals("hello", browser.open("data:text/html,<p>hello</p>"));
        }
    }
}

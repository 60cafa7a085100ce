package dev.aigate.setup;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SetupPagesTest {

    @Test
    void onlyPagesOnTheConfiguredGitHubBecomeLinks() {
        String web = "https://github.com";
        assertEquals(Optional.of("https://github.com/apps/ai-gate"),
                SetupPages.safeLink("https://github.com/apps/ai-gate", web));
        assertEquals(Optional.of("https://GitHub.com:443/apps/x"),
                SetupPages.safeLink("https://GitHub.com:443/apps/x", web));
        for (String bad : new String[]{"javascript:alert(1)", "JavaScript://github.com/%0aalert(1)",
                "http://github.com/apps/x", "https://evil.example/apps/x", "https://github.com.evil.example/x",
                "https://github.com@evil.example/x", "https://user@github.com/x", "https://github.com:8443/x",
                "//github.com/apps/x", "/apps/x", "data:text/html,x", "", "https://github.com/a b"}) {
            assertEquals(Optional.empty(), SetupPages.safeLink(bad, web), bad);
        }
        assertEquals(Optional.empty(), SetupPages.safeLink(null, web));
    }

    @Test
    void httpOnlyWhenTheConfiguredGitHubIsHttp() {
        assertEquals(Optional.of("http://localhost:8089/apps/x"),
                SetupPages.safeLink("http://localhost:8089/apps/x", "http://localhost:8089"));
        assertEquals(Optional.empty(), SetupPages.safeLink("http://localhost:9999/apps/x", "http://localhost:8089"));
    }
}

package dev.aigate.github;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GitHubSettingsTest {

    @Test
    void theWebUrlIsSetOrFollowsTheApi() {
        GitHubSettings settings = new GitHubSettings();
        assertEquals("https://github.com", settings.getWebUrl());
        settings.setApiUrl("https://ghe.example.test/api/v3/");
        assertEquals("https://ghe.example.test", settings.getWebUrl());
        settings.setWebUrl(" https://pages.example.test/ ");
        assertEquals("https://pages.example.test", settings.getWebUrl());
        settings.setWebUrl("");
        settings.setApiUrl("http://localhost:8089");
        assertEquals("https://github.com", settings.getWebUrl());
    }
}

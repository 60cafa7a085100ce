package dev.aigate.setup;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registration form a newcomer sees first, asserted on its parsed structure. */
class SetupFormTest {

    private static final String WEB = "https://github.com";
    private static final List<String> MISSING = List.of("AIGATE_APP_ID (the GitHub App's numeric id)");

    private static HtmlTree.Element form(String publicUrl) {
        return HtmlTree.parse(SetupPages.form(publicUrl, WEB, MISSING));
    }

    private static HtmlTree.Element button(HtmlTree.Element page) {
        List<HtmlTree.Element> buttons = page.all("button");
        assertEquals(1, buttons.size(), buttons.toString());
        assertTrue(buttons.get(0).inside("form"));
        assertEquals("Register GitHub App", buttons.get(0).text().strip());
        return buttons.get(0);
    }

    @Test
    void listsEveryPermissionOfTheManifestWithItsAccess() {
        HtmlTree.Element list = form("https://gate.acme.example").byId("permissions").orElseThrow();
        assertEquals("ul", list.tag);
        Map<String, String> shown = list.all("li").stream().collect(Collectors.toMap(
                li -> li.all("code").get(0).text(), li -> li.text()));
        assertEquals(AppManifest.PERMISSIONS.keySet(), shown.keySet(), "the manifest's permissions, no more, no fewer");
        AppManifest.PERMISSIONS.forEach((permission, access) -> {
            String item = shown.get(permission);
            assertTrue(item.startsWith(permission + ": " + access + " \u2014 "), item);
            assertTrue(item.length() > (permission + ": " + access + " \u2014 ").length() + 5, "says why: " + item);
        });
        String events = form("https://gate.acme.example").byId("events").orElseThrow().text();
        AppManifest.EVENTS.forEach(event -> assertTrue(events.contains(event), event + " in " + events));
    }

    @Test
    void theButtonIsOffWhileThePublicUrlIsUnset() {
        HtmlTree.Element unset = form("");
        assertTrue(button(unset).has("disabled"), "disabled without AIGATE_PUBLIC_URL");
        assertTrue(unset.byId("publicUrlMissing").orElseThrow().text().contains("AIGATE_PUBLIC_URL"));
        HtmlTree.Element set = form("https://gate.acme.example");
        assertFalse(button(set).has("disabled"), set.toString());
        assertTrue(set.byId("publicUrlMissing").isEmpty());
        assertTrue(set.byId("publicUrlWarning").isEmpty(), "a public host gets no warning");
    }

    @Test
    void warnsWhenGitHubCannotReachThePublicUrl() {
        for (String url : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://127.8.9.1",
                "http://[::1]:8080", "http://0.0.0.0:8080", "http://10.1.2.3", "http://172.16.0.9",
                "http://192.168.1.20:8080", "http://169.254.1.1", "http://100.64.0.1", "http://[fd12:3456::1]",
                "http://[fe80::1]", "http://gate.localhost", "http://ai-gate:8080", "http://nas.local",
                "http://gate.corp.internal")) {
            HtmlTree.Element page = form(url);
            Optional<HtmlTree.Element> warning = page.byId("publicUrlWarning");
            assertTrue(warning.isPresent(), url + " is not reachable from GitHub");
            assertTrue(warning.get().text().contains("GitHub cannot deliver webhooks there"), warning.get().text());
            assertEquals("warning", warning.get().attr("class"));
        }
        for (String url : List.of("https://gate.acme.example", "https://203.0.113.7", "https://[2001:db8::1]",
                "https://abc.ngrok-free.app", "https://172.32.0.1")) {
            assertEquals(Optional.empty(), SetupPages.unreachable(url), url);
        }
        assertTrue(SetupPages.unreachable("gate.acme.example").isPresent(), "no scheme: not an absolute URL");
    }

    @Test
    void docsInstallMdIsALink() {
        HtmlTree.Element page = form("");
        List<HtmlTree.Element> links = page.all(e -> e.tag.equals("a") && e.text().equals("docs/install.md"));
        assertTrue(links.size() >= 2, "in the introduction and under 'configure by hand': " + links);
        for (HtmlTree.Element link : links) {
            assertEquals(SetupPages.INSTALL_DOCS, link.attr("href"));
        }
        assertTrue(SetupPages.INSTALL_DOCS.startsWith("https://github.com/ai-gate/ai-gate/"),
                "the canonical repository");
        assertTrue(links.stream().anyMatch(l -> l.inside("details")), "the hand-configuration hint links too");
    }

    /** Inputs are 100% wide with padding: without border-box they stick out of their fieldset. */
    @Test
    void inputsAreBorderBoxSoTheyStayInsideTheirFieldset() {
        HtmlTree.Element page = form("https://gate.acme.example");
        String style = page.all("style").get(0).text();
        assertTrue(style.startsWith("*,*::before,*::after{box-sizing:border-box}"), style);
        assertTrue(style.contains("fieldset{min-width:0}"), style);
        HtmlTree.Element fieldset = page.all("fieldset").get(0);
        assertTrue(fieldset.all(e -> e.tag.equals("input") && "text".equals(e.attr("type"))).size() == 1,
                "the organisation input is inside the fieldset");
    }
}

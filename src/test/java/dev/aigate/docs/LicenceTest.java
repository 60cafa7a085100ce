package dev.aigate.docs;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project says its licence (LICENSE, pom.xml) and the notices of what its jar bundles (NOTICE). */
class LicenceTest {

    @Test
    void licenseIsTheFullApache2Text() throws Exception {
        String license = Files.readString(Path.of("LICENSE"), StandardCharsets.UTF_8);
        assertTrue(license.contains("Apache License\n                           Version 2.0, January 2004"), "Apache-2.0");
        for (String part : List.of("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
                "9. Accepting Warranty or Additional Liability.", "END OF TERMS AND CONDITIONS",
                "APPENDIX: How to apply the Apache License to your work.")) {
            assertTrue(license.contains(part), "the full standard text, with: " + part);
        }
        assertTrue(license.length() > 11_000, "not an abbreviation: " + license.length() + " characters");
    }

    @Test
    void pomNamesApache2() throws Exception {
        Element project = pom();
        NodeList licenses = project.getElementsByTagName("license");
        assertEquals(1, licenses.getLength(), "one <license> in pom.xml");
        Element license = (Element) licenses.item(0);
        assertEquals("Apache-2.0", text(license, "name"));
        assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", text(license, "url"));
    }

    /** A new bundled dependency needs its line in NOTICE (with its licence) before it ships. */
    @Test
    void noticeNamesEveryBundledDirectDependencyAndTheTestFixtures() throws Exception {
        String notice = Files.readString(Path.of("NOTICE"), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        NodeList dependencies = ((Element) pom().getElementsByTagName("dependencies").item(1))
                .getElementsByTagName("dependency");
        List<String> unlisted = new ArrayList<>();
        int bundled = 0;
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String scope = text(dependency, "scope");
            if ("test".equals(scope) || "provided".equals(scope)) {
                continue;
            }
            bundled++;
            String group = text(dependency, "groupId").toLowerCase(Locale.ROOT);
            String artifact = text(dependency, "artifactId").toLowerCase(Locale.ROOT);
            if (!notice.contains(group) && !notice.contains(artifact)) {
                unlisted.add(group + ":" + artifact);
            }
        }
        assertTrue(bundled >= 10, "the scan found too few dependencies: " + bundled);
        assertEquals(List.of(), unlisted, "bundled in the jar but not in NOTICE");
        for (String fixtureNote : List.of("src/test/resources/github/license-openapi", "license-webhooks-examples",
                "mit")) {
            assertTrue(notice.contains(fixtureNote), "NOTICE points at the fixtures' licence notes: " + fixtureNote);
        }
        assertTrue(Files.exists(Path.of("src/test/resources/github/LICENSE-openapi")));
    }

    private static Element pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}

package dev.aigate.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    // The example from GitHub's "Validating webhook deliveries" documentation.
    static final String SECRET = "It's a Secret to Everybody";
    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void matchesGitHubsDocumentedExample() {
        assertEquals(EXPECTED, WebhookSignature.sign(BODY, SECRET));
        assertTrue(WebhookSignature.isValid(EXPECTED, BODY, SECRET));
        assertTrue(WebhookSignature.isValid(EXPECTED.toUpperCase().replace("SHA256=", "sha256="), BODY, SECRET),
                "hex case does not matter");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "sha256=",
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e177",
        "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    })
    void rejectsAnythingElse(String header) {
        assertFalse(WebhookSignature.isValid(header, BODY, SECRET));
    }

    @Test
    void theShapeIsCheckedBeforeAnyBodyIsRead() {
        assertTrue(WebhookSignature.isWellFormed(EXPECTED));
        assertTrue(WebhookSignature.isWellFormed("SHA256=" + "A".repeat(64)));
        assertTrue(WebhookSignature.isWellFormed("sha256=" + "0".repeat(64)), "well-formed, if wrong");
        assertFalse(WebhookSignature.isWellFormed(null));
        assertFalse(WebhookSignature.isWellFormed("sha256=" + "g".repeat(64)));
        assertFalse(WebhookSignature.isWellFormed("sha256=" + "0".repeat(63)));
        assertFalse(WebhookSignature.isWellFormed("sha1=" + "0".repeat(66)));
    }

    @Test
    void rejectsWithoutHeaderOrSecret() {
        assertFalse(WebhookSignature.isValid(null, BODY, SECRET));
        assertFalse(WebhookSignature.isValid(EXPECTED, BODY, ""));
        assertFalse(WebhookSignature.isValid(EXPECTED, BODY, "another secret"));
        assertFalse(WebhookSignature.isValid(EXPECTED, "Hello, World?".getBytes(StandardCharsets.UTF_8), SECRET));
    }

    @Test
    void theThreadsReusedMacCarriesNothingFromOneCallToTheNext() {
        byte[] longer = "Hello, World! And more.".getBytes(StandardCharsets.UTF_8);
        String longerSigned = WebhookSignature.sign(longer, SECRET);
        String otherSecret = WebhookSignature.sign(BODY, "another secret");
        for (int round = 0; round < 3; round++) {
            assertTrue(WebhookSignature.isValid(EXPECTED, BODY, SECRET));
            assertTrue(WebhookSignature.isValid(otherSecret, BODY, "another secret"), "a new secret gets its own key");
            assertFalse(WebhookSignature.isValid(EXPECTED, BODY, "another secret"));
            assertTrue(WebhookSignature.isValid(longerSigned, longer, SECRET));
            assertTrue(WebhookSignature.isValid(EXPECTED, longer, BODY.length, SECRET), "the first length bytes only");
            assertThrows(IllegalArgumentException.class,
                    () -> WebhookSignature.isValid(EXPECTED, BODY, BODY.length + 1, SECRET));
            assertTrue(WebhookSignature.isValid(EXPECTED, BODY, SECRET), "a call that failed leaves nothing behind");
        }
    }
}

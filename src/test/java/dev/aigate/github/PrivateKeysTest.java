package dev.aigate.github;

import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrivateKeysTest {

    @Test
    void readsPkcs1AsGitHubHandsItOutAndPkcs8AlikeToTheSameKey() {
        PrivateKey pkcs1 = PrivateKeys.parse(Fixtures.text("keys/test-app.pkcs1.pem"));
        PrivateKey pkcs8 = PrivateKeys.parse(Fixtures.text("keys/test-app.pkcs8.pem"));
        assertEquals("RSA", pkcs1.getAlgorithm());
        assertEquals(((RSAPrivateCrtKey) pkcs8).getModulus(), ((RSAPrivateCrtKey) pkcs1).getModulus());
        assertEquals(((RSAPrivateCrtKey) pkcs8).getPrivateExponent(), ((RSAPrivateCrtKey) pkcs1).getPrivateExponent());
    }

    @Test
    void acceptsAKeyPastedIntoOneEnvironmentLineWithEscapedNewlines() {
        String oneLine = Fixtures.text("keys/test-app.pkcs1.pem").replace("\n", "\\n");
        assertEquals("RSA", PrivateKeys.parse(oneLine).getAlgorithm());
    }

    @Test
    void refusesGarbageWithoutEchoingIt() {
        String secretish = "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETbutbroken\n-----END RSA PRIVATE KEY-----";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrivateKeys.parse(secretish));
        assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrivateKeys.parse("not a pem"));
        assertThrows(IllegalArgumentException.class, () -> PrivateKeys.parse(""));
    }
}

package dev.aigate.cli;

import dev.aigate.github.AppCredentials;
import dev.aigate.github.AppJwt;
import io.jsonwebtoken.Claims;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppJwtTest {

    @Test
    void signsWithGitHubsPkcs1KeyAndWithPkcs8() throws Exception {
        assertTrue(TestKeys.pkcs1Pem().contains("BEGIN RSA PRIVATE KEY"));
        for (String pem : new String[] {TestKeys.pkcs1Pem(), TestKeys.pkcs8Pem()}) {
            String authorization = AppJwt.authorization(new AppCredentials("12345", pem, "s"));
            assertTrue(authorization.startsWith("Bearer "));
            Claims claims = TestKeys.verify(authorization);
            assertEquals("12345", claims.getIssuer());
            assertTrue(claims.getExpiration().toInstant().isAfter(Instant.now()));
            assertTrue(claims.getExpiration().toInstant().isBefore(Instant.now().plusSeconds(601)),
                    "GitHub refuses JWTs that live longer than 10 minutes");
        }
    }

    @Test
    void aBrokenKeySaysSo() {
        IOException e = assertThrows(IOException.class, () -> AppJwt.authorization(new AppCredentials("1",
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "s")));
        assertTrue(e.getMessage().contains("not a usable RSA key"), e.getMessage());
    }
}

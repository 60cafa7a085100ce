package dev.aigate.cli;

import dev.aigate.github.AppCredentials;
import dev.aigate.github.PrivateKeys;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

import java.io.IOException;

/**
 * The App-level JWT ({@code Authorization: Bearer ...}) the operator commands use for {@code /app/...} calls.
 * Accepts the PKCS#1 key GitHub hands out as well as PKCS#8 ({@link PrivateKeys}).
 */
final class AppJwt {

    private AppJwt() {
    }

    static String authorization(AppCredentials credentials) throws IOException {
        try {
            return new JWTTokenProvider(credentials.appId(), PrivateKeys.parse(credentials.privateKeyPem()))
                    .getEncodedAuthorization();
        } catch (IllegalArgumentException e) {
            throw new IOException("the App private key is not a usable RSA key (" + e.getMessage() + ")", e);
        }
    }
}

package dev.aigate.github;

import org.kohsuke.github.extras.authorization.JWTTokenProvider;

import java.io.IOException;

/**
 * The App-level JWT ({@code Authorization: Bearer ...}) for {@code /app/...} calls, signed by hub4j; the operator
 * commands use it without a server.
 * Accepts the PKCS#1 key GitHub hands out as well as PKCS#8 ({@link PrivateKeys}).
 */
public final class AppJwt {

    private AppJwt() {
    }

    public static String authorization(AppCredentials credentials) throws IOException {
        try {
            return new JWTTokenProvider(credentials.appId(), PrivateKeys.parse(credentials.privateKeyPem()))
                    .getEncodedAuthorization();
        } catch (IllegalArgumentException e) {
            throw new IOException("the App private key is not a usable RSA key (" + e.getMessage() + ")", e);
        }
    }
}

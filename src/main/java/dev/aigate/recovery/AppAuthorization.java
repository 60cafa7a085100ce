package dev.aigate.recovery;

import java.io.IOException;

/**
 * The {@code Authorization} header value for App-level endpoints: {@code Bearer <App JWT>} (not an
 * installation token). Throws when the App's credentials are not configured yet.
 */
@FunctionalInterface
public interface AppAuthorization {

    String header() throws IOException;
}

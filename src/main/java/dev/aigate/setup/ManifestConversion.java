package dev.aigate.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.GitHubCallException;
import dev.aigate.github.GitHubClients;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Step 3 of the manifest flow: trades the one-time code for the new App's id, key and webhook secret
 * ({@code POST /app-manifests/{code}/conversions}, no authentication). A code works once, for one hour. The
 * request goes through the one GitHub adapter ({@link GitHubClients#anonymous()}): its timeouts, same-origin rule
 * and error mapping.
 */
public class ManifestConversion {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final String NOT_ACCEPTED = "GitHub did not accept the registration code; see the server log.";

    private final GitHubClients clients;

    public ManifestConversion(GitHubClients clients) {
        this.clients = clients;
    }

    /**
     * @param apiUrl the REST API base, e.g. {@code https://api.github.com} or {@code https://ghe.example.com/api/v3}
     * @throws ConversionException whose message is fit for the browser (it never repeats what the remote
     *                             answered, nor connection errors) and whose {@link ConversionException#detail()}
     *                             is for the server log
     */
    public RegisteredApp exchange(String apiUrl, String code) throws ConversionException {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new ConversionException("GitHub sent no usable code. Start the registration again at /setup.",
                    "the callback carried no code, or a malformed one");
        }
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        try {
            JsonNode json = clients.anonymous().exchange("POST", "/app-manifests/" + code + "/conversions", null);
            RegisteredApp app = new RegisteredApp(text(json, "id"), text(json, "slug"), text(json, "html_url"), base,
                    text(json, "pem"), text(json, "webhook_secret"), text(json, "client_id"),
                    text(json, "client_secret"));
            if (!ID.matcher(app.appId()).matches() || app.privateKeyPem().isBlank() || app.webhookSecret().isEmpty()) {
                throw new ConversionException(NOT_ACCEPTED,
                        base + " answered without a numeric App id, a key or a webhook secret");
            }
            return app;
        } catch (GitHubCallException e) {
            if (e.status() == 404 || e.status() == 422) {
                throw new ConversionException(NOT_ACCEPTED + " A code works once, within an hour of starting: "
                        + "start the registration again at /setup.", answer(base, e.status(), e.body()));
            }
            if (e.status() > 0) {
                throw new ConversionException(NOT_ACCEPTED + " Try again at /setup in a minute.",
                        answer(base, e.status(), e.body()));
            }
            throw unreachable(base, e);
        } catch (JsonProcessingException e) {
            throw new ConversionException(NOT_ACCEPTED, base + " answered with something other than JSON");
        } catch (IOException e) {
            throw unreachable(base, e);
        }
    }

    private static ConversionException unreachable(String base, IOException e) {
        return new ConversionException(NOT_ACCEPTED + " Check AIGATE_GITHUB_API_URL and the network, then start"
                + " again at /setup.", "cannot reach " + base + " (" + e.getClass().getSimpleName() + ": "
                + oneLine(String.valueOf(e.getMessage())) + ")");
    }

    private static String answer(String base, int status, String body) {
        return base + " answered HTTP " + status + ": " + oneLine(body);
    }

    /** Remote text for the log: one line, printable, short. */
    static String oneLine(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ").strip();
        return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The exchange failed; the message says what to do, the detail (for the log only) what happened. */
    public static class ConversionException extends Exception {
        private final String detail;

        public ConversionException(String message, String detail) {
            super(message);
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }
}

package dev.aigate.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Step 3 of the manifest flow: trades the one-time code for the new App's id, key and webhook secret
 * ({@code POST /app-manifests/{code}/conversions}, no authentication). A code works once, for one hour.
 */
public class ManifestConversion {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;

    public ManifestConversion() {
        this(new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build());
    }

    public ManifestConversion(OkHttpClient http) {
        this.http = http;
    }

    /**
     * @param apiUrl the REST API base, e.g. {@code https://api.github.com} or {@code https://ghe.example.com/api/v3}
     * @throws ConversionException with a message fit for the operator's browser
     */
    public RegisteredApp exchange(String apiUrl, String code) throws ConversionException {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new ConversionException("GitHub sent no usable code. Start the registration again.");
        }
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        Request request = new Request.Builder()
                .url(base + "/app-manifests/" + code + "/conversions")
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .post(RequestBody.create(new byte[0], MediaType.get("application/json")))
                .build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (response.code() == 404 || response.code() == 422) {
                throw new ConversionException("GitHub did not accept the registration code (HTTP " + response.code()
                        + "): it was already used, or more than an hour passed since the registration started."
                        + " Start the registration again.");
            }
            if (!response.isSuccessful()) {
                throw new ConversionException("GitHub answered HTTP " + response.code()
                        + " while creating the App. Try again in a minute; if it persists, check "
                        + base + " is the right API URL.");
            }
            JsonNode json = JSON.readTree(text);
            RegisteredApp app = new RegisteredApp(text(json, "id"), text(json, "slug"), text(json, "html_url"), base,
                    text(json, "pem"), text(json, "webhook_secret"));
            if (app.appId().isEmpty() || app.privateKeyPem().isBlank() || app.webhookSecret().isEmpty()) {
                throw new ConversionException("GitHub's answer lacked the App id, key or webhook secret.");
            }
            return app;
        } catch (IOException e) {
            throw new ConversionException("Cannot reach " + base + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "). Check AIGATE_GITHUB_API_URL and the network, then start again.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The exchange failed; the message says what to do. */
    public static class ConversionException extends Exception {
        public ConversionException(String message) {
            super(message);
        }
    }
}

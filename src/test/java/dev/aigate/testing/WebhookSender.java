package dev.aigate.testing;

import dev.aigate.webhook.WebhookSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** Sends webhook deliveries to a running ai-gate the way GitHub does. */
public final class WebhookSender {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String secret;

    public WebhookSender(String baseUrl, String secret) {
        this.endpoint = URI.create(baseUrl + "/api/github/webhooks");
        this.secret = secret;
    }

    public HttpResponse<String> send(String event, byte[] body) throws IOException, InterruptedException {
        return send(event, UUID.randomUUID().toString(), body, WebhookSignature.sign(body, secret));
    }

    public HttpResponse<String> send(String event, String delivery, byte[] body, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/test")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

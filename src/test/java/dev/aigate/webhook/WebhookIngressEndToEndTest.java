package dev.aigate.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.WorkTarget;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.LogCapture;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ingress against hostile requests: bodies held in memory are bounded by the budget, header values and payload
 * fields GitHub would never send get a 400 that says why, and what is logged cannot be forged.
 */
@MicronautTest
class WebhookIngressEndToEndTest extends EndToEndTestBase {

    /** The largest body this server accepts here, and the size of each "large" request. */
    private static final int LARGE = 1 << 20;
    /** Room for four large bodies and some small ones. */
    private static final long BUDGET = 4L * LARGE + 256 * 1024;
    private static final String WRONG_SIGNATURE = "sha256=" + "0".repeat(64);

    @Inject
    IngressBudget budget;

    @Inject
    JdbcWorkQueue queue;

    @Inject
    WebhookController controller;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("micronaut.server.max-request-size", Integer.toString(LARGE),
                "aigate.webhook.max-buffered", Long.toString(BUDGET));
    }

    @Test
    void largeBodiesBeyondTheBudgetAreRefusedBeforeTheyAreRead() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // Four requests declare 1 MB bodies and send none of it yet: the server admits each and waits.
            for (int i = 0; i < 4; i++) {
                held.add(startRequest("held-" + i, WRONG_SIGNATURE, LARGE));
            }
            await("four large bodies admitted", () -> budget.inUse() == 4L * LARGE);

            // Two more do not fit. They are answered while their bodies are still unsent, so nothing was buffered.
            for (int i = 0; i < 2; i++) {
                try (Socket refused = startRequest("refused-" + i, WRONG_SIGNATURE, LARGE)) {
                    String head = readHead(refused);
                    assertTrue(head.startsWith("HTTP/1.1 503"), head);
                    assertTrue(head.toLowerCase().contains("retry-after: 30"), head);
                }
            }
            assertEquals(4L * LARGE, budget.inUse());

            // A real delivery is small and still fits.
            github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);
            java.net.http.HttpResponse<String> signed =
                    webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
            assertEquals(202, signed.statusCode(), signed.body());
            github.awaitCompletions(1, Duration.ofSeconds(20));

            // The held bodies arrive, fail their signature, and give their room back.
            for (Socket s : held) {
                s.getOutputStream().write(new byte[LARGE]);
                s.getOutputStream().flush();
                String head = readHead(s);
                assertTrue(head.startsWith("HTTP/1.1 401"), head);
            }
            await("the budget is free again", () -> budget.inUse() == 0);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aFormEncodedDeliveryIsReadFromTheStreamToo() throws Exception {
        // A hook whose content type is "application/x-www-form-urlencoded" sends payload=<url-encoded JSON>.
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);
        byte[] body = ("payload=" + java.net.URLEncoder.encode(Fixtures.text("github/webhooks/pull_request/opened.2.json"),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(server.getURL() + "/api/github/webhooks"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-GitHub-Event", "pull_request")
                        .header("X-GitHub-Delivery", "form-1")
                        .header("X-Hub-Signature-256", WebhookSignature.sign(body, SECRET))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @Test
    void aBodyOverTheCapIsRefusedWith413BeforeItIsRead() throws Exception {
        try (Socket s = startRequest("too-large", WRONG_SIGNATURE, LARGE + 1)) {
            String head = readHead(s);
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aRefusalBeforeTheBodyEndsTheConnectionSoTheSenderStopsUploading() throws Exception {
        // Without "Connection: close" the server keeps the connection for a next request while the sender still
        // writes a body nobody reads, so a client waits for the idle timeout (minutes) before it sees the answer.
        try (Socket s = startRequest("too-large-closes", WRONG_SIGNATURE, LARGE + 1)) {
            String head = readHead(s);
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
            byte[] rest = s.getInputStream().readAllBytes(); // the 30 s socket timeout fails the test if it never ends
            assertTrue(new String(rest, StandardCharsets.UTF_8).contains("over this server's limit"));
        }
    }

    @Test
    void aChunkedBodyThatGrowsOverTheCapIsRefusedWith413() throws Exception {
        try (Socket s = startChunkedRequest("chunked-too-large", WRONG_SIGNATURE)) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent <= LARGE; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before the last chunk.
            }
            String head = readHead(s);
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
        }
        await("the budget is free again", () -> budget.inUse() == 0);
    }

    @Test
    void readingBodiesLeaksNoNetworkBuffers() throws Exception {
        // Each 28 KB body arrives in Netty's direct buffers; an unreleased one stays allocated for good.
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");
        String signature = WebhookSignature.sign(body, SECRET);
        long before = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        assertTrue(before >= 0, "Netty counts its direct memory in this JVM");
        int deliveries = 2000;
        for (int i = 0; i < deliveries; i++) {
            java.net.http.HttpResponse<String> r = webhooks.send("ping", "leak-" + i, body, signature);
            assertEquals(200, r.statusCode(), r.body());
        }
        long grown = io.netty.util.internal.PlatformDependent.usedDirectMemory() - before;
        // A leak keeps every body: about 55 MB here. Without one the pool grows by a chunk or two at most.
        assertTrue(grown < (long) deliveries * body.length / 3, "direct memory grew by " + grown + " bytes");
    }

    /**
     * Refused from the header, before the body is read, and the connection closed. Sent as a head alone on a raw
     * socket: with the whole 28 KB body, the client was now and then still writing when the server answered and
     * closed, and lost the answer to a broken pipe.
     */
    /**
     * Bodies are copied into an array the thread reuses ({@link ReceivedBody}), and a connection stays on one event
     * loop thread, so on one connection a short body lands in an array that still holds the rest of a longer one.
     * The signature and the scan must read the short body's bytes and no more.
     */
    @Test
    void aShortBodyAfterALongOneOnTheSameConnectionIsReadToItsOwnLength() throws Exception {
        byte[] longBody = ("{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1, \"pad\": \""
                + "x".repeat(28_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] shortBody = "{\"zen\": \"Short.\", \"hook_id\": 2}".getBytes(StandardCharsets.UTF_8);
        byte[] shortAndTail = java.util.Arrays.copyOf(longBody, longBody.length);
        System.arraycopy(shortBody, 0, shortAndTail, 0, shortBody.length);
        URI base = URI.create(server.getURL().toString());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            assertEquals(200, exchange(s, "long-1", WebhookSignature.sign(longBody, SECRET), longBody));
            assertEquals(200, exchange(s, "short-1", WebhookSignature.sign(shortBody, SECRET), shortBody),
                    "signed over its own bytes: valid, and nothing after them is read as JSON");
            assertEquals(401, exchange(s, "short-2", WebhookSignature.sign(shortAndTail, SECRET), shortBody),
                    "a signature over the body and what followed it in the array is not the body's");
        } // a refusal closes the connection
    }

    /** One request on a kept-alive connection; its status, after reading its whole answer. */
    private static int exchange(Socket s, String delivery, String signature, byte[] body) throws IOException {
        String head = "POST /api/github/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-GitHub-Event: ping\r\nX-GitHub-Delivery: " + delivery + "\r\nX-Hub-Signature-256: " + signature
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String status = readLine(in);
        int length = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.substring(9, 12));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed mid-answer");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aDeliveryIdThatIsNotAGuidIsRefusedWith400() throws Exception {
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");
        String signature = WebhookSignature.sign(body, SECRET);
        for (String id : List.of("a".repeat(3000), "a".repeat(101), "../etc", "id with spaces", "d_1")) {
            try (Socket s = startRequest(id, signature, body.length)) {
                // The server closes after a refusal, so the answer is everything up to the end of the stream.
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 400"), LogSafe.value(id) + ": " + LogSafe.value(answer));
                assertTrue(answer.contains("X-GitHub-Delivery must be 1 to 100 characters"), LogSafe.value(answer));
            }
        }
        assertEquals(0, queue.stats().depth(), "nothing was enqueued");
    }

    @Test
    void anInstallationIdThatIsNotAPositiveIntegerIsRefusedWith400() throws Exception {
        for (String id : List.of("-5", "0", "9223372036854775808", "1.5", "\"12\"")) {
            ObjectNode payload = (ObjectNode) Fixtures.parse(Fixtures.text("github/webhooks/pull_request/opened.2.json"));
            ((ObjectNode) payload.get("installation")).set("id", Fixtures.parse(id));
            java.net.http.HttpResponse<String> r = webhooks.send("pull_request", Fixtures.toBytes(payload));
            assertEquals(400, r.statusCode(), id + ": " + r.body());
            assertTrue(r.body().contains("installation.id must be a positive integer"), r.body());
        }
        assertEquals(0, queue.stats().depth(), "nothing was enqueued");
    }

    @Test
    void aJobForAnImpossibleInstallationIsDroppedNotRetried() throws Exception {
        WorkTarget target = WorkTarget.pullRequest(-5, FakeGitHub.REPO, 2);
        queue.enqueue(List.of(target));
        await("the job ran", () -> {
            Map<String, Object> row = queue.row(target.key());
            return "idle".equals(row.get("state")) && row.get("generation").equals(row.get("claimed_generation"));
        });
        assertEquals(0, queue.row(target.key()).get("attempts"), "no failed attempt, so no retry");
        assertEquals(0, queue.stats().parked());
        // noUnexpectedCalls: no token was asked for installation -5.
    }

    @Test
    void headersOfAnUnauthenticatedRequestAreLoggedSafely() throws Exception {
        // Header values are ISO-8859-1 on the wire: U+0085 is a line break to many log readers.
        String hostile = "evil\u0085\tINFO forged line " + "x".repeat(3000);
        try (LogCapture logs = LogCapture.of(WebhookController.class);
             Socket s = startRequest(hostile, null, 2)) {
            s.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s);
            assertTrue(head.startsWith("HTTP/1.1 401"), head);
            List<LogCapture.Line> lines = logs.containing("without X-Hub-Signature-256");
            assertEquals(1, lines.size(), logs.lines().toString());
            String logged = lines.get(0).mdc().get("delivery");
            assertTrue(logged.startsWith("evil??INFO forged line xxx"), LogSafe.value(logged));
            assertTrue(logged.length() <= LogSafe.MAX_LENGTH + 20, "bounded: " + logged.length());
            assertTrue(logged.chars().allMatch(c -> c >= 0x20 && c < 0x7f), logged);
        }
    }

    @Test
    void theAcceptedLineCarriesTheDeliverysKeys() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");
        try (LogCapture logs = LogCapture.of(WebhookController.class)) {
            java.net.http.HttpResponse<String> r = webhooks.send("pull_request", "keys-1", body,
                    WebhookSignature.sign(body, SECRET));
            assertEquals(202, r.statusCode(), r.body());
            List<LogCapture.Line> lines = logs.containing("delivery keys-1");
            assertEquals(1, lines.size(), logs.lines().toString());
            assertEquals(Map.of("delivery", "keys-1", "installation", "1", "repo", "Codertocat/Hello-World",
                    "pr", "Codertocat/Hello-World#2"), lines.get(0).mdc());
        }
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @Test
    void aRejectedDeliveryLogsNoKeysAnEarlierJobLeftOnTheThread() {
        // As a queue job that failed to clean up would leave them on a shared executor thread.
        MDC.put("installation", "999");
        MDC.put("repo", "stale/repo");
        MDC.put("pr", "stale/repo#1");
        try (LogCapture logs = LogCapture.of(WebhookController.class)) {
            HttpResponse<Map<String, Object>> r = controller.receive(HttpRequest.POST("/api/github/webhooks", ""),
                    "pull_request", "d-stale", null, "application/json").join();
            assertEquals(401, r.code());
            List<LogCapture.Line> lines = logs.containing("without X-Hub-Signature-256");
            assertEquals(1, lines.size(), logs.lines().toString());
            assertEquals(Map.of("delivery", "d-stale"), lines.get(0).mdc());
            Map<String, String> after = MDC.getCopyOfContextMap();
            assertTrue(after == null || after.isEmpty(), "the request left no keys behind either: " + after);
        } finally {
            MDC.clear();
        }
    }

    /** Sends a request's head (and no body) over a fresh connection. */
    private Socket startRequest(String delivery, String signature, int contentLength) throws IOException {
        URI base = URI.create(server.getURL().toString());
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(30_000);
        String head = "POST /api/github/webhooks HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "X-GitHub-Event: pull_request\r\n"
                + "X-GitHub-Delivery: " + delivery + "\r\n"
                + (signature == null ? "" : "X-Hub-Signature-256: " + signature + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    /** Sends the head of a chunked request. */
    private Socket startChunkedRequest(String delivery, String signature) throws IOException {
        URI base = URI.create(server.getURL().toString());
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(30_000);
        String head = "POST /api/github/webhooks HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "X-GitHub-Event: pull_request\r\n"
                + "X-GitHub-Delivery: " + delivery + "\r\n"
                + "X-Hub-Signature-256: " + signature + "\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    /** The status line and headers of the response. */
    private static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                fail("the connection closed before a response: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(what).until(condition::getAsBoolean);
    }
}

/*
 * Large-body flood for ai-gate: opens N connections at once, each posting a webhook with a large body and a
 * made-up (well-formed, wrong) signature, the cheapest way for anyone on the internet to make a server hold
 * memory. Prints how each was answered and the server's resident memory, sampled while the flood runs.
 * JDK only, run as a single-file program:
 *
 *   java bench/LargeBodies.java --url http://127.0.0.1:8080 --server-pid PID [--requests 150] [--mb 24]
 *
 * Each connection sends its head, then writes its body in 64 KB pieces until the server answers; a request
 * refused before its body is read (503) stops writing at once, as a client that reads the answer would. One
 * signed small delivery (--secret S) is sent while the flood is in full swing, to show it still gets through.
 */

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class LargeBodies {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(a.getOrDefault("url", "http://127.0.0.1:8080"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "150"));
        long bytes = Long.parseLong(a.getOrDefault("mb", "24")) << 20;
        long pid = Long.parseLong(a.getOrDefault("server-pid", "0"));
        String secret = a.get("secret");

        AtomicLong peakRss = new AtomicLong(rssKb(pid));
        long startRss = peakRss.get();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss.accumulateAndGet(rssKb(pid), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicLong bodyBytesSent = new AtomicLong();
        CountDownLatch started = new CountDownLatch(requests);
        CountDownLatch done = new CountDownLatch(requests);
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                String answer;
                try {
                    answer = flood(base, "flood-" + n, bytes, started, bodyBytesSent);
                } catch (IOException e) {
                    answer = "error: " + e.getClass().getSimpleName();
                }
                answers.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
                done.countDown();
            });
            t.start();
        }
        started.await();
        String signed = "-";
        if (secret != null) {
            byte[] body = ("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}").getBytes(StandardCharsets.UTF_8);
            signed = send(base, "ping", "signed-during-flood", body, sign(body, secret));
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        peakRss.accumulateAndGet(rssKb(pid), Math::max);
        System.out.printf("RESULT requests=%d body=%d MB answers=%s signed_ping=%s body_sent=%.0f MB seconds=%.1f"
                        + " server_rss_before=%d MB server_rss_peak=%d MB server_hwm=%d MB%n",
                requests, bytes >> 20, new TreeMap<>(toInts(answers)), signed, bodyBytesSent.get() / 1048576.0, seconds,
                startRss / 1024, peakRss.get() / 1024, hwmKb(pid) / 1024);
    }

    private static Map<String, Integer> toInts(Map<String, AtomicInteger> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Sends the head, then the body until the server answers; returns the status code. */
    static String flood(URI base, String delivery, long bytes, CountDownLatch started, AtomicLong sent)
            throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(600_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head(base, "pull_request", delivery, "sha256=" + "0".repeat(64), bytes));
            out.flush();
            started.countDown();
            byte[] piece = new byte[64 * 1024];
            long left = bytes;
            try {
                while (left > 0 && in.available() == 0) {
                    int n = (int) Math.min(piece.length, left);
                    out.write(piece, 0, n);
                    left -= n;
                    sent.addAndGet(n);
                }
                out.flush();
            } catch (IOException closed) {
                // Answered and closed while we were writing: read the answer below.
            }
            return status(in);
        }
    }

    static String send(URI base, String event, String delivery, byte[] body, String signature) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(600_000);
            OutputStream out = s.getOutputStream();
            out.write(head(base, event, delivery, signature, body.length));
            out.write(body);
            out.flush();
            return status(s.getInputStream());
        }
    }

    static byte[] head(URI base, String event, String delivery, String signature, long length) {
        return ("POST /api/github/webhooks HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "User-Agent: GitHub-Hookshot/large-bodies\r\n"
                + "Content-Type: application/json\r\n"
                + "X-GitHub-Event: " + event + "\r\n"
                + "X-GitHub-Delivery: " + delivery + "\r\n"
                + "X-Hub-Signature-256: " + signature + "\r\n"
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1).trim();
        String[] parts = text.split(" ");
        return parts.length >= 2 ? parts[1] : "no answer";
    }

    static String sign(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    static long hwmKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    private static long statusKb(long pid, String field) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}

/*
 * Ingest load driver for ai-gate: sends signed pull_request webhooks to POST /api/github/webhooks and reports
 * throughput and acknowledgement latency. JDK only, run as a single-file program:
 *
 *   java bench/IngestLoad.java --url http://127.0.0.1:8080 --secret S [--payload FILE] \
 *        [--rate 1000] [--seconds 20] [--warmup-seconds 5] [--prs 500] [--connections 64]
 *        [--event pull_request --expect 202]   (--event ping --expect 200: the HTTP path without the store)
 *        [--server-pid PID]                    (also report the server's CPU time per delivery)
 *        [--slow-file FILE --slow-ms 15]       (the measured deliveries slower than that: when each was due,
 *                                               as epoch milliseconds, and its latency, to match with server logs)
 *        [--ids github|random]                 (delivery ids; default github, see below)
 *
 * --rate R: open loop, R deliveries per second on a fixed schedule; latency is measured from each delivery's
 *           scheduled send time, so a stalled server is not hidden (no coordinated omission): a delivery that
 *           waits for a free connection is late, and that wait is part of its latency.
 * --rate 0: closed loop, --connections requests in flight at all times: the most the server sustains.
 *
 * The driver shares the machine with the server, so it is kept cheap: plain HTTP/1.1 keep-alive sockets, one
 * thread per connection, request bytes built once per pull request (only the delivery id changes per send).
 * It reports its own CPU time per delivery so its share of the cores is visible.
 *
 * --ids github (the default) sends delivery ids shaped as GitHub's are: version-1, time-based UUIDs. The example in
 *           GitHub's REST reference for webhook deliveries, guid 58474f00-b361-11eb-836d-0e4f3503ccbe, decodes to
 *           2021-05-12 20:33:43.92 UTC, and its delivered_at is 20:33:44Z. Their text starts with the low 32 bits of
 *           the time, so ids sent close together sort close together. --ids random sends 128 random bits instead,
 *           which is what earlier figures in docs/performance.md were measured with: every insert into an index of
 *           delivery ids then lands on a random page.
 */

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestLoad {

    static final int DELIVERY_ID_LENGTH = 36;
    /** 100 ns intervals from the Gregorian calendar's start (1582-10-15) to the Unix epoch, as version-1 UUIDs count. */
    static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;
    static volatile boolean randomIds;
    static final AtomicLong lastTime = new AtomicLong();
    /** The clock sequence and node of this driver's version-1 ids: random, with the variant bits of RFC 9562. */
    static final long NODE = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;

    /** A delivery id as GitHub makes them: a version-1 UUID, unique within this driver (its time never repeats). */
    static UUID githubDeliveryId() {
        long now = System.currentTimeMillis() * 10_000 + GREGORIAN_OFFSET;
        long t = lastTime.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
        long msb = (t << 32) | ((t >>> 16) & 0xFFFF0000L) | 0x1000L | ((t >>> 48) & 0x0FFFL);
        return new UUID(msb, NODE);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(opt.getOrDefault("url", "http://127.0.0.1:8080"));
        String secret = opt.getOrDefault("secret", "bench-secret");
        String payload = Files.readString(Path.of(opt.getOrDefault("payload",
                "src/test/resources/github/webhooks/pull_request/synchronize.1.json")));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup-seconds", "5"));
        int prs = Integer.parseInt(opt.getOrDefault("prs", "500"));
        int connections = Integer.parseInt(opt.getOrDefault("connections", opt.getOrDefault("concurrency", "64")));
        String event = opt.getOrDefault("event", "pull_request");
        int expect = Integer.parseInt(opt.getOrDefault("expect", "202"));
        long serverPid = Long.parseLong(opt.getOrDefault("server-pid", "0"));
        String ids = opt.getOrDefault("ids", "github");
        if (!ids.equals("github") && !ids.equals("random")) {
            throw new IllegalArgumentException("--ids is github or random, not " + ids);
        }
        randomIds = ids.equals("random");

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Pattern number = Pattern.compile("\"number\": \\d+");
        Template[] templates = new Template[prs];
        for (int i = 0; i < prs; i++) {
            Matcher m = number.matcher(payload);
            byte[] body = m.replaceAll("\"number\": " + (i + 1)).getBytes(StandardCharsets.UTF_8);
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            templates[i] = Template.of(base, event, signature, body);
        }
        System.out.printf("ingest-load: %s, %s, %d PRs, payload %d bytes%n", base,
                rate > 0 ? "open loop at " + rate + "/s over " + connections + " connections"
                        : "closed loop, " + connections + " in flight", prs, templates[0].body.length);
        List<Connection> warm = List.of();
        if (warmup > 0) {
            warm = run(base, templates, rate, warmup, connections, expect, 0, "warm-up", warm).workers;
        }
        // The measured phase goes on over the warm-up's connections: 64 reconnects at once are not the steady load
        // being measured, and they put about 5,000 deliveries over 15 ms into its first two seconds.
        Result r = run(base, templates, rate, seconds, connections, expect, serverPid, "measured", warm);
        if (opt.containsKey("slow-file")) {
            writeSlow(Path.of(opt.get("slow-file")), r, Double.parseDouble(opt.getOrDefault("slow-ms", "15")));
        }
        System.out.printf("RESULT deliveries=%d errors=%d seconds=%.1f rate=%.0f/s p50=%.1fms p90=%.1fms p99=%.1fms"
                        + " max=%.1fms driver_cpu=%.3fms/delivery%s%n",
                r.count, r.errors, r.seconds, r.count / r.seconds, r.pct(50), r.pct(90), r.pct(99), r.pct(100),
                r.driverCpuMs / Math.max(1, r.count),
                r.serverCpuMs < 0 ? "" : String.format(" server_cpu=%.3fms/delivery", r.serverCpuMs / Math.max(1, r.count)));
        System.exit(r.errors == 0 ? 0 : 1);
    }

    /** One pull request's request: headers with a slot for the delivery id, and the signed body. */
    record Template(byte[] head, int idOffset, byte[] body) {
        static Template of(URI base, String event, String signature, byte[] body) {
            String marker = "0".repeat(DELIVERY_ID_LENGTH);
            String head = "POST /api/github/webhooks HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "User-Agent: GitHub-Hookshot/ingest-load\r\n"
                    + "Content-Type: application/json\r\n"
                    + "X-GitHub-Event: " + event + "\r\n"
                    + "X-GitHub-Delivery: " + marker + "\r\n"
                    + "X-Hub-Signature-256: " + signature + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
            return new Template(bytes, head.indexOf(marker), body);
        }
    }

    /** One line per delivery over {@code slowMs}: when it was due (epoch ms) and its latency (ms), in time order. */
    static void writeSlow(Path file, Result r, double slowMs) throws IOException {
        List<long[]> slow = new ArrayList<>();
        for (Connection w : r.workers) {
            for (int i = 0; i < w.recorded; i++) {
                if (w.latencies[i] > slowMs * 1e6) {
                    slow.add(new long[] {w.due[i], w.latencies[i]});
                }
            }
        }
        slow.sort((a, b) -> Long.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder();
        for (long[] s : slow) {
            out.append(String.format("%.3f %.1f%n", r.epochMsAtStart + (s[0] - r.start) / 1e6, s[1] / 1e6));
        }
        Files.writeString(file, out);
        System.out.printf("slow: %d deliveries over %.0f ms, written to %s%n", slow.size(), slowMs, file);
    }

    record Result(long count, long errors, double seconds, long[] nanos, double driverCpuMs, double serverCpuMs,
                  List<Connection> workers, long start, double epochMsAtStart) {
        double pct(double p) {
            if (nanos.length == 0) {
                return 0;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p / 100.0 * nanos.length) - 1);
            return nanos[Math.max(0, i)] / 1e6;
        }
    }

    static Result run(URI base, Template[] templates, int rate, int seconds, int connections, int expect,
                      long serverPid, String phase, List<Connection> previous) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        double epochMsAtStart = System.currentTimeMillis() + (start - System.nanoTime()) / 1e6;
        long end = start + seconds * 1_000_000_000L;
        List<Connection> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection c = new Connection(base, templates, rate, start, end, next, errors, expect);
            if (i < previous.size()) {
                c.socket = previous.get(i).socket;
                c.out = previous.get(i).out;
                c.in = previous.get(i).in;
            }
            workers.add(c);
        }
        double driverCpu0 = cpuMillis();
        double serverCpu0 = serverCpuMillis(serverPid);
        workers.forEach(Thread::start);
        for (Connection w : workers) {
            w.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        double driverCpu = cpuMillis() - driverCpu0;
        double serverCpu = serverPid > 0 ? serverCpuMillis(serverPid) - serverCpu0 : -1;
        long[] nanos = workers.stream().flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.recorded)).toArray();
        Arrays.sort(nanos);
        Result r = new Result(nanos.length, errors.get(), took, nanos, driverCpu, serverCpu, workers, start,
                epochMsAtStart);
        System.out.printf("%s: %d deliveries in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, errors %d%n", phase,
                r.count, took, r.count / took, r.pct(50), r.pct(99), r.errors);
        return r;
    }

    static double cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /** utime + stime of another process, from /proc (Linux), in milliseconds; 0 when unknown. */
    static double serverCpuMillis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat are the 12th and 13th after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** One keep-alive connection: takes the next delivery slot, waits for its time (open loop), sends it. */
    static final class Connection extends Thread {
        final URI base;
        final Template[] templates;
        final int rate;
        final long start;
        final long end;
        final AtomicLong next;
        final AtomicLong errors;
        final int expect;
        long[] latencies = new long[4096];
        long[] due = new long[4096];
        int recorded;
        Socket socket;
        OutputStream out;
        InputStream in;

        Connection(URI base, Template[] templates, int rate, long start, long end, AtomicLong next, AtomicLong errors,
                   int expect) {
            this.base = base;
            this.templates = templates;
            this.rate = rate;
            this.start = start;
            this.end = end;
            this.next = next;
            this.errors = errors;
            this.expect = expect;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                long n = next.getAndIncrement();
                long scheduled = rate > 0 ? start + n * 1_000_000_000L / rate : Math.max(start, System.nanoTime());
                if (scheduled >= end) {
                    break;
                }
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Template t = templates[(int) (n % templates.length)];
                int status;
                try {
                    status = send(t);
                } catch (IOException e) {
                    status = -1;
                    if (errors.get() == 0) {
                        System.err.println("first error: " + e);
                    }
                    close();
                }
                record(scheduled, System.nanoTime() - scheduled);
                if (status != expect) {
                    if (errors.incrementAndGet() == 1 && status > 0) {
                        System.err.println("first error: HTTP " + status);
                    }
                }
            }
            // The socket stays open for the next phase; the process's exit closes it.
        }

        void record(long scheduled, long nanos) {
            if (recorded == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
                due = Arrays.copyOf(due, due.length * 2);
            }
            due[recorded] = scheduled;
            latencies[recorded++] = nanos;
        }

        int send(Template t) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                socket.setSoTimeout(30_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            byte[] head = t.head.clone();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            UUID uuid = randomIds ? new UUID(random.nextLong(), random.nextLong()) : githubDeliveryId();
            byte[] id = uuid.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, head, t.idOffset, DELIVERY_ID_LENGTH);
            out.write(head, 0, t.head.length);
            out.write(t.body);
            out.flush();
            return readResponse();
        }

        /** Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status. */
        int readResponse() throws IOException {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new IOException("connection closed by the server");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                String lower = line.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().trim(), 16); size > 0; size = Long.parseLong(readLine().trim(), 16)) {
                    skip(size);
                    readLine();
                }
                readLine();
            } else {
                skip(length);
            }
            if (closeAfter) {
                close();
            }
            return status;
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("response body cut short");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        String readLine() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int len = line.length();
                    return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
            socket = null;
        }
    }
}

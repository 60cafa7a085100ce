package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker process is killed with SIGKILL in the middle of processing 200 deliveries for 50 pull requests and
 * then restarted: every pull request still ends with a completed run of its newest state, the jobs the dead
 * process held are run again by the new one, and nothing runs more than the crash forces.
 */
class CrashRecoveryProcessTest {

    private static final int PRS = 50;

    @TempDir
    Path temp;

    @Test
    void killDashNineMidProcessingLosesNothing() throws Exception {
        try (TestDatabases.Db db = TestDatabases.postgres()) {
            JdbcWorkQueue queue = new JdbcWorkQueue(db.dataSource(), QueueSettings.defaults(), Clock.systemUTC());
            Path lines = temp.resolve("runs.txt");
            int delivery = 0;
            for (int round = 0; round < 2; round++) {
                for (int pr = 1; pr <= PRS; pr++) {
                    assertTrue(queue.accept(delivery("d-" + delivery++), List.of(WorkTarget.pullRequest(1, "acme/app", pr))));
                }
            }

            Process first = start(db, lines, "first");
            awaitLines(lines, l -> l.startsWith("done first"), 10, Duration.ofSeconds(60));
            for (int round = 0; round < 2; round++) {
                for (int pr = 1; pr <= PRS; pr++) {
                    assertTrue(queue.accept(delivery("d-" + delivery++), List.of(WorkTarget.pullRequest(1, "acme/app", pr))));
                }
            }
            awaitLines(lines, l -> l.startsWith("done first"), 25, Duration.ofSeconds(60));
            // Kill while a run is under way: its job is claimed (it has written "start") and not yet finished
            // ("done" comes before the completion), so it still has most of its 150 ms to go. Waiting for the 25th
            // "done" alone could land the kill in the gap between one batch of runs finishing and the next claim.
            eventually("a run of the first process in flight").atMost(dev.aigate.testing.Eventually.DEADLINE
                    .plus(Duration.ofSeconds(60))).until(() -> runsInFlight(lines, "first") > 0);
            first.destroyForcibly();
            first.waitFor();
            Set<String> heldByTheDead = keysLeasedBy(db, "first");
            assertFalse(heldByTheDead.isEmpty(), "the kill landed while jobs were running");

            Process second = start(db, lines, "second");
            try {
                eventually("every PR's newest state (4 events) runs to completion").until(() -> allSettled(db, 4));
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }

            Map<String, Integer> newestDone = new HashMap<>();
            Set<String> doneBySecond = new HashSet<>();
            for (String line : Files.readAllLines(lines)) {
                String[] p = line.split(" ");
                if (p[0].equals("done") && p[3].equals("4")) {
                    newestDone.merge(p[2], 1, Integer::sum);
                }
                if (p[0].equals("done") && p[1].equals("second")) {
                    doneBySecond.add(p[2]);
                }
            }
            assertEquals(PRS, newestDone.size(), "every PR completed a run of its newest state");
            for (Map.Entry<String, Integer> e : newestDone.entrySet()) {
                int allowed = heldByTheDead.contains(e.getKey()) ? 2 : 1;
                assertTrue(e.getValue() <= allowed, e.getKey() + " completed its newest state " + e.getValue() + " times");
            }
            assertTrue(doneBySecond.containsAll(heldByTheDead), "the restarted process ran what the dead one held");
        }
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 1, Instant.now(), 0);
    }

    private Process start(TestDatabases.Db db, Path lines, String owner) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashWorkerMain.class.getName(), db.url(), TestDatabases.PG_USER, lines.toString(), owner));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(temp.toFile(), owner + ".log"));
        Process process = builder.start();
        awaitLines(lines, l -> l.equals("ready " + owner), 1, Duration.ofSeconds(60));
        return process;
    }

    /** Runs {@code owner} has started and not yet finished, by the lines its handler writes. */
    private static long runsInFlight(Path file, String owner) throws Exception {
        Map<String, Integer> open = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] p = line.split(" ");
            if (p.length >= 4 && p[1].equals(owner)) {
                String run = p[2] + " " + p[3];
                open.merge(run, p[0].equals("start") ? 1 : p[0].equals("done") ? -1 : 0, Integer::sum);
            }
        }
        return open.values().stream().filter(n -> n > 0).count();
    }

    private static void awaitLines(Path file, java.util.function.Predicate<String> match, int count, Duration timeout)
            throws Exception {
        eventually(count + " matching lines in " + file).atMost(dev.aigate.testing.Eventually.DEADLINE.plus(timeout))
                .until(() -> Files.exists(file) && Files.readAllLines(file).stream().filter(match).count() >= count);
    }

    private static Set<String> keysLeasedBy(TestDatabases.Db db, String owner) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_key FROM aigate_work WHERE state = 'running' AND lease_owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private static boolean allSettled(TestDatabases.Db db, long generation) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM aigate_work WHERE state = 'idle'"
                     + " AND generation = ? AND claimed_generation = ?")) {
            ps.setLong(1, generation);
            ps.setLong(2, generation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == PRS;
            }
        }
    }
}

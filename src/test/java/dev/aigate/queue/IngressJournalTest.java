package dev.aigate.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingress journal's file format: what is appended reads back, a torn or corrupt tail is cut, segments go. */
class IngressJournalTest {

    @TempDir
    Path dir;

    private static IngressJournal.Entry entry(String id, WorkTarget... targets) {
        return new IngressJournal.Entry(new InboundDelivery(id, "pull_request", "synchronize", 7,
                Instant.ofEpochMilli(1_700_000_000_123L), 28140), List.of(targets));
    }

    @Test
    void everyKindOfTargetAndAbsentFieldReadsBackAsWritten() throws Exception {
        List<IngressJournal.Entry> written = List.of(
                entry("d-1", WorkTarget.pullRequest(7, "acme/app", 12)),
                entry("d-2", WorkTarget.commit(7, "acme/app", "a".repeat(40)), WorkTarget.repository(7, "acme/lib")),
                entry("d-3", WorkTarget.installation(7)),
                new IngressJournal.Entry(new InboundDelivery("d-4", "check_suite", null, 9, null, 0), List.of()),
                entry("d-ü-5", WorkTarget.pullRequest(7, "acmé/äpp", 1)));
        try (IngressJournal journal = new IngressJournal(dir)) {
            assertEquals(2, journal.append(written.subList(0, 2)));
            assertEquals(5, journal.append(written.subList(2, 5)));
            assertEquals(6, journal.nextSequence());
        }
        List<Path> segments = new IngressJournal(dir).segments();
        assertEquals(1, segments.size());
        assertEquals(written, IngressJournal.read(segments.get(0)));
    }

    @Test
    void aRecordCutShortByACrashEndsTheReplayAndTheRecordsBeforeItSurvive() throws Exception {
        try (IngressJournal journal = new IngressJournal(dir)) {
            journal.append(List.of(entry("kept", WorkTarget.pullRequest(7, "acme/app", 1))));
            journal.append(List.of(entry("torn", WorkTarget.pullRequest(7, "acme/app", 2))));
        }
        Path segment = new IngressJournal(dir).segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3); // the process died during the second write
        }
        assertEquals(List.of("kept"), ids(IngressJournal.read(segment)));
    }

    @Test
    void aRecordThatFailsItsChecksumIsNotReadNorAnythingAfterIt() throws Exception {
        try (IngressJournal journal = new IngressJournal(dir)) {
            journal.append(List.of(entry("kept", WorkTarget.pullRequest(7, "acme/app", 1))));
            journal.append(List.of(entry("flipped", WorkTarget.pullRequest(7, "acme/app", 2))));
            journal.append(List.of(entry("after", WorkTarget.pullRequest(7, "acme/app", 3))));
        }
        Path segment = new IngressJournal(dir).segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int second = 8 + java.nio.ByteBuffer.wrap(bytes).getInt(0);
        bytes[second + 20] ^= 0x01; // a bit of the second record's body
        Files.write(segment, bytes);
        assertEquals(List.of("kept"), ids(IngressJournal.read(segment)));
    }

    @Test
    void aClosedSegmentIsDeletedOnceEveryEntryInItIsAppliedAndTheOpenOneNever() throws Exception {
        IngressJournal journal = new IngressJournal(dir);
        String big = "x".repeat(60_000);
        long last = 0;
        int appended = 0;
        while (journal.segments().size() < 3) {
            last = journal.append(List.of(entry("d-" + appended++ + big, WorkTarget.pullRequest(7, "acme/app", 1))));
        }
        List<Path> segments = journal.segments();
        long firstOfSecond = firstSequence(segments.get(1));
        journal.release(firstOfSecond - 2);
        assertEquals(3, journal.segments().size(), "the first segment still holds an entry not applied");
        journal.release(firstOfSecond - 1);
        assertEquals(segments.subList(1, 3), journal.segments(), "the first segment is applied and closed");
        journal.release(last);
        assertEquals(segments.subList(2, 3), journal.segments(), "the segment being written is kept");
        journal.close(last);
        assertEquals(List.of(), journal.segments(), "closing with everything applied leaves nothing");
        assertTrue(appended > 2);
    }

    @Test
    void closingWithEntriesNotAppliedKeepsThemForTheNextStart() throws Exception {
        IngressJournal journal = new IngressJournal(dir);
        journal.append(List.of(entry("a", WorkTarget.pullRequest(7, "acme/app", 1))));
        journal.append(List.of(entry("b", WorkTarget.pullRequest(7, "acme/app", 2))));
        journal.close(1);
        List<Path> left = new IngressJournal(dir).segments();
        assertEquals(1, left.size());
        assertEquals(List.of("a", "b"), ids(IngressJournal.read(left.get(0))));
    }

    private static long firstSequence(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring("ingress-".length(), name.length() - ".log".length()));
    }

    private static List<String> ids(List<IngressJournal.Entry> entries) {
        List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.delivery().deliveryId()));
        return ids;
    }
}

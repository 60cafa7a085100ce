package dev.aigate.queue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's ingress journal: accepted deliveries appended to a file before the answer, moved into the
 * store by {@link JournalApplier} in large transactions, and replayed from the file at start for whatever a crash
 * left unapplied ({@code docs/queue.md#the-ingress-journal}).
 *
 * <p>Why: a group commit in H2 rewrites every page it touches from the leaves up, so at 3,700 deliveries a second
 * the one committer spent most of its time serialising pages, and each delivery waited for a cycle or two of it.
 * An append here is one {@code write} of a few kilobytes. It is as durable as the store's own commit: H2 with
 * {@code WRITE_DELAY=0} also hands each commit to the operating system without an {@code fsync}, so a killed
 * process loses neither, a lost machine may lose the last moments of both.
 *
 * <p>Format: segment files {@code ingress-<first sequence>.log}; each append is one record, its length and a
 * CRC32C of its bytes, then the entries. A record cut short by a crash fails its length or checksum and ends the
 * replay of its segment: its deliveries were never answered (the answer waits for the append), so GitHub records
 * them as failed and they are redelivered. Replaying is idempotent: an entry whose delivery id is in the store
 * already adds nothing ({@link GroupCommitter}'s insert skips it).
 *
 * <p>Not thread-safe for appends: only the committer thread appends; {@link #release} may come from the applier.
 */
final class IngressJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngressJournal.class);
    private static final String PREFIX = "ingress-";
    private static final String SUFFIX = ".log";
    /** A larger record than this is not one we wrote (a batch is at most a few hundred small entries). */
    private static final int MAX_RECORD = 64 << 20;
    /** A segment that has reached this size is closed and a new one started; an applied, closed one is deleted. */
    static final long SEGMENT_BYTES = 8L << 20;

    /** A journaled delivery: what the store's inbox row and work rows are made from. */
    record Entry(InboundDelivery delivery, List<WorkTarget> targets) {
    }

    private final Path dir;
    /** Closed segments not yet deleted, by first sequence; guarded by {@code this}. */
    private final TreeMap<Long, Path> closed = new TreeMap<>();
    private FileChannel current;
    private long currentFirst;
    private long currentBytes;
    private long next = 1;

    IngressJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The segments on disk, oldest first: what a previous process left. */
    List<Path> segments() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    try {
                        found.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), f);
                    } catch (NumberFormatException e) {
                        LOG.warn("ignoring {} in the ingress journal directory: not a segment name", f);
                    }
                }
            });
        }
        return new ArrayList<>(found.values());
    }

    /** Every entry in {@code segment}, in order, up to a record that a crash cut short. */
    static List<Entry> read(Path segment) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream file = Files.newInputStream(segment);
             DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return entries;
                }
                if (length <= 0 || length > MAX_RECORD) {
                    LOG.warn("ingress journal {}: a record of {} bytes after {} entries; the rest is ignored",
                            segment, length, entries.size());
                    return entries;
                }
                byte[] bytes = new byte[length];
                long crc;
                try {
                    crc = in.readInt() & 0xFFFFFFFFL;
                    in.readFully(bytes);
                } catch (EOFException torn) {
                    LOG.warn("ingress journal {}: the last record is incomplete (a crash while it was written);"
                            + " its deliveries were never answered", segment);
                    return entries;
                }
                CRC32C check = new CRC32C();
                check.update(bytes);
                if (check.getValue() != crc) {
                    LOG.warn("ingress journal {}: a record fails its checksum after {} entries; the rest is ignored",
                            segment, entries.size());
                    return entries;
                }
                decode(bytes, entries);
            }
        }
    }

    /** Deletes segments a previous process left, once their entries are in the store. */
    void deleteReplayed(List<Path> segments) throws IOException {
        for (Path segment : segments) {
            Files.deleteIfExists(segment);
        }
    }

    /**
     * Appends {@code entries} as one record and returns the sequence number of the last; when this returns the
     * bytes are the operating system's (see the class comment for why there is no {@code fsync}).
     */
    long append(List<Entry> entries) throws IOException {
        byte[] body = encode(entries);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(8 + body.length);
        record.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        if (current == null || currentBytes >= SEGMENT_BYTES) {
            roll();
        }
        while (record.hasRemaining()) {
            currentBytes += current.write(record);
        }
        next += entries.size();
        return next - 1;
    }

    /** The sequence number the next appended entry gets. */
    long nextSequence() {
        return next;
    }

    /** Deletes closed segments whose every entry has sequence {@code <= applied}. */
    synchronized void release(long applied) {
        while (!closed.isEmpty()) {
            Long first = closed.firstKey();
            Long after = closed.higherKey(first);
            long last = (after != null ? after : currentFirst) - 1;
            if (last > applied) {
                return;
            }
            Path segment = closed.remove(first);
            try {
                Files.deleteIfExists(segment);
            } catch (IOException e) {
                LOG.warn("could not delete applied ingress journal segment {}: {}", segment, e.toString());
            }
        }
    }

    private void roll() throws IOException {
        Path file = segment(next);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        synchronized (this) {
            if (current != null) {
                current.close();
                closed.put(currentFirst, segment(currentFirst));
            }
            current = opened;
            currentFirst = next;
            currentBytes = 0;
        }
    }

    /** The file of the segment whose first entry has sequence {@code first}. */
    private Path segment(long first) {
        return dir.resolve(PREFIX + String.format("%019d", first) + SUFFIX);
    }

    /** Closes the open segment and deletes every segment whose entries are all applied. */
    synchronized void close(long applied) throws IOException {
        if (current != null) {
            current.close();
            closed.put(currentFirst, segment(currentFirst));
            current = null;
            currentFirst = next;
        }
        release(applied);
    }

    @Override
    public synchronized void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    // ---------------------------------------------------------------- encoding

    private static final int PULL_REQUEST = 1;
    private static final int COMMIT = 2;
    private static final int REPOSITORY = 3;
    private static final int INSTALLATION = 4;

    static byte[] encode(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 192);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(entries.size());
        for (Entry e : entries) {
            InboundDelivery d = e.delivery();
            out.writeUTF(d.deliveryId());
            out.writeUTF(d.event());
            out.writeBoolean(d.action() != null);
            if (d.action() != null) {
                out.writeUTF(d.action());
            }
            out.writeLong(d.installationId());
            out.writeLong(d.receivedAt() == null ? -1 : d.receivedAt().toEpochMilli());
            out.writeInt(d.payloadSize());
            out.writeInt(e.targets().size());
            for (WorkTarget t : e.targets()) {
                writeTarget(out, t);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeTarget(DataOutputStream out, WorkTarget t) throws IOException {
        if (t instanceof WorkTarget.PullRequest pr) {
            out.writeByte(PULL_REQUEST);
            out.writeLong(pr.installationId());
            out.writeUTF(pr.repo());
            out.writeInt(pr.number());
        } else if (t instanceof WorkTarget.Commit c) {
            out.writeByte(COMMIT);
            out.writeLong(c.installationId());
            out.writeUTF(c.repo());
            out.writeUTF(c.sha());
        } else if (t instanceof WorkTarget.Repository r) {
            out.writeByte(REPOSITORY);
            out.writeLong(r.installationId());
            out.writeUTF(r.repo());
        } else {
            out.writeByte(INSTALLATION);
            out.writeLong(t.installationId());
        }
    }

    private static void decode(byte[] bytes, List<Entry> into) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String id = in.readUTF();
            String event = in.readUTF();
            String action = in.readBoolean() ? in.readUTF() : null;
            long installation = in.readLong();
            long received = in.readLong();
            int size = in.readInt();
            int targets = in.readInt();
            List<WorkTarget> list = new ArrayList<>(targets);
            for (int k = 0; k < targets; k++) {
                list.add(readTarget(in));
            }
            into.add(new Entry(new InboundDelivery(id, event, action, installation,
                    received < 0 ? null : Instant.ofEpochMilli(received), size), List.copyOf(list)));
        }
    }

    private static WorkTarget readTarget(DataInputStream in) throws IOException {
        int kind = in.readByte();
        long installation = in.readLong();
        return switch (kind) {
            case PULL_REQUEST -> new WorkTarget.PullRequest(installation, in.readUTF(), in.readInt());
            case COMMIT -> new WorkTarget.Commit(installation, in.readUTF(), in.readUTF());
            case REPOSITORY -> new WorkTarget.Repository(installation, in.readUTF());
            case INSTALLATION -> new WorkTarget.Installation(installation);
            default -> throw new IOException("unknown target kind " + kind + " in the ingress journal");
        };
    }
}

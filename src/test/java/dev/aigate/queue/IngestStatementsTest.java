package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the group committer sends either store for a batch of deliveries: no lookup of the delivery ids before the
 * insert. That lookup ({@code delivery_id IN (?, …)}) was a new statement for every batch size: on PostgreSQL its
 * planning grew with the table until the next {@code ANALYZE} and cut sustained ingest from 2,000/s to about
 * 800/s; on H2 planning it made over a quarter of the server's garbage at 3,700/s. The insert now skips an id that
 * is there ({@code ON CONFLICT DO NOTHING}) and still tells a duplicate from a new one.
 */
class IngestStatementsTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deliveriesAreInsertedWithoutLookingThemUpFirst(String kind) throws Exception {
        try (var db = TestDatabases.open(kind, temp)) {
            List<String> statements = new CopyOnWriteArrayList<>();
            JdbcWorkQueue queue = new JdbcWorkQueue(recording(db.dataSource(), statements), QueueSettings.defaults(),
                    new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));
            WorkTarget pr = WorkTarget.pullRequest(7, "acme/app", 12);

            assertTrue(queue.accept(delivery("d-1"), List.of(pr)));
            assertFalse(queue.accept(delivery("d-1"), List.of(pr)), "a redelivery with the same GUID is a duplicate");
            assertTrue(queue.accept(delivery("d-2"), List.of(pr)));

            List<String> lookups = statements.stream()
                    .filter(sql -> sql.startsWith("SELECT") && sql.contains("aigate_delivery")).toList();
            assertEquals(List.of(), lookups, "statements that read the delivery table before inserting");
            assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("INSERT INTO aigate_delivery")
                    && sql.endsWith("ON CONFLICT DO NOTHING")), String.join("\n", statements));
            assertEquals(2L, queue.row("acme/app#12").get("generation"), "the duplicate added no event");
        }
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 7, Instant.parse("2026-12-02T10:00:00Z"), 2);
    }

    /** The data source, noting the SQL of every statement prepared on its connections. */
    private static DataSource recording(DataSource target, List<String> statements) {
        return proxy(DataSource.class, target, (method, args) -> {
            Object result = method.invoke(target, args);
            return result instanceof Connection c ? proxy(Connection.class, c, (m, a) -> {
                if (m.getName().equals("prepareStatement") && a != null && a.length > 0 && a[0] instanceof String sql) {
                    statements.add(sql.trim());
                }
                return m.invoke(c, a);
            }) : result;
        });
    }

    @FunctionalInterface
    private interface Call {
        Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}

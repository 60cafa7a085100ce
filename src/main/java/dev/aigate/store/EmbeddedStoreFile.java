package dev.aigate.store;

import dev.aigate.metrics.PeriodicReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded store's file, as operators need to watch it: its size and how much of it holds live data,
 * published as {@code aigate_store_file_size_bytes} and {@code aigate_store_chunks_fill_percent}.
 *
 * <p>Why it needs watching: the embedded store writes every commit to its file before the commit returns
 * ({@code WRITE_DELAY=0}, so a {@code kill -9} loses no acknowledged delivery). With that setting H2 runs no
 * background writer, and the background writer is what compacts (H2 issue 442); {@link EmbeddedStoreCompaction}
 * does that work instead, and these gauges show whether it keeps up (docs/performance/store.md). Nothing is
 * registered on PostgreSQL.
 */
@Context // eager: nothing injects it, its gauges are its purpose
public class EmbeddedStoreFile {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreFile.class);

    private final DataSource dataSource;
    private final boolean h2;
    /** One query serves both gauges, at most every few seconds. */
    private final PeriodicReading<Map<String, Long>> figures = new PeriodicReading<>(this::info, Duration.ofSeconds(5), Map.of());

    public EmbeddedStoreFile(DataSource dataSource, StoreSettings settings, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.h2 = !settings.isPostgres();
        if (h2) {
            // Micrometer holds the state object weakly: the gauges hang on this bean, which the context keeps.
            Gauge.builder("aigate.store.file.size", this, f -> f.figures.get().getOrDefault("info.FILE_SIZE", -1L))
                    .description("Size of the embedded store's file").baseUnit("bytes").register(registry);
            Gauge.builder("aigate.store.chunks.fill", this, f -> f.figures.get().getOrDefault("info.CHUNKS_FILL_RATE", -1L))
                    .description("Share of the embedded store's file that holds live data").baseUnit("percent")
                    .register(registry);
        }
    }

    /** H2's figures about its file ({@code info.FILE_SIZE}, {@code info.CHUNKS_FILL_RATE}, ...); empty on PostgreSQL. */
    public Map<String, Long> info() {
        Map<String, Long> info = new HashMap<>();
        if (!h2) {
            return info;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME LIKE 'info.%'")) {
            while (rs.next()) {
                try {
                    info.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                } catch (NumberFormatException ignored) {
                    // a figure that is not a number; none of those we publish
                }
            }
        } catch (SQLException e) {
            LOG.debug("Could not read the embedded store's file figures: {}", e.toString());
        }
        return info;
    }
}

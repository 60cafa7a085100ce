package dev.aigate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds the one datasource from {@code AIGATE_DATABASE_URL} / {@code AIGATE_DATA_DIR} and migrates it
 * before anyone can use it. The choice between H2 and PostgreSQL is made here, in code, because a
 * config-file default cannot both contain a JDBC URL's colons and follow {@code AIGATE_DATA_DIR}.
 */
@Factory
public class StoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

    @Singleton
    StoreSettings storeSettings(@Value("${aigate.database.url:}") String url,
                                @Value("${aigate.database.user:}") String user,
                                @Value("${aigate.database.password:}") String password,
                                @Value("${aigate.data-dir:./data}") String dataDir,
                                @Value("${aigate.database.pool-size:10}") int poolSize) {
        return new StoreSettings(url, user, password, Path.of(dataDir), poolSize).validate();
    }

    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(StoreSettings settings) {
        HikariDataSource dataSource = openMigrated(settings);
        LOG.info("Store ready: {}", settings.describe());
        return dataSource;
    }

    /**
     * Opens the store and brings its schema up to date. On the embedded store, a file in the data directory that is
     * not an ai-gate store is refused first ({@link EmbeddedStoreCheck}), before anything could write to it.
     */
    public static HikariDataSource openMigrated(StoreSettings settings) {
        if (settings.isEmbedded()) {
            EmbeddedStoreCheck.refuseForeignFile(settings);
        }
        HikariDataSource dataSource = open(settings);
        try {
            Migrations.migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /** Opens a pool for the settings (creating the data directory for the embedded store). */
    public static HikariDataSource open(StoreSettings settings) {
        if (settings.isEmbedded()) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create AIGATE_DATA_DIR " + settings.dataDir().toAbsolutePath(), e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("aigate-store");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.isEmbedded()) {
            config.setUsername("sa");
            config.setPassword("");
        } else {
            if (settings.user() != null && !settings.user().isBlank()) {
                config.setUsername(settings.user());
            }
            if (settings.password() != null && !settings.password().isBlank()) {
                config.setPassword(settings.password());
            }
        }
        config.setMaximumPoolSize(Math.max(2, settings.poolSize()));
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(15_000);
        return new HikariDataSource(config);
    }

    @Singleton
    LeaseLock leaseLock(HikariDataSource dataSource, Clock clock) {
        return new LeaseLock(dataSource, clock);
    }

    /** The clock every store component reads; one bean so it can be replaced in tests. */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

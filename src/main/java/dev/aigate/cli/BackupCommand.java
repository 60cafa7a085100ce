package dev.aigate.cli;

import dev.aigate.admin.AdminToken;
import dev.aigate.setup.LayeredCredentialsProvider;
import dev.aigate.store.StoreBackup;
import dev.aigate.store.StoreSettings;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code backup FILE [--force] [--server URL]}: a consistent copy of the embedded store, as a zip. While the
 * server runs it makes the copy (through the admin API; the file is locked by it); when no server answers the
 * command opens the store itself. FILE appears whole or not at all, and an existing FILE is kept unless
 * {@code --force}. PostgreSQL is backed up with {@code pg_dump}: exit 2 saying so.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a consistent copy of the embedded store to FILE (a zip), while the server runs or not.",
                "With a running server the server makes the copy (admin token as for 'parked': AIGATE_ADMIN_TOKEN, or"
                        + " derived from the webhook secret); with none answering on the local port (and no --server),"
                        + " the store under AIGATE_DATA_DIR is opened directly. Restore: stop the server, unzip FILE into AIGATE_DATA_DIR, start"
                        + " (docs/operations.md). With PostgreSQL use pg_dump."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:FILE written",
                "1:the server refused, failed or the store could not be read; FILE untouched",
                "2:usage error, FILE exists without --force, or the store is PostgreSQL"})
public class BackupCommand extends CliCommand {

    private final Map<String, String> env;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the zip.")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Option(names = "--server", paramLabel = "URL",
            description = "The server's base URL. Default: http://127.0.0.1 on MICRONAUT_SERVER_PORT (8080 if unset).")
    String server;

    public BackupCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "backup FILE [--force] [--server URL]   a consistent copy of the embedded store, server running or not";
    }

    @Override
    public Integer call() {
        StoreSettings settings = new StoreSettings(env.getOrDefault("AIGATE_DATABASE_URL", ""), "", "",
                Path.of(env.getOrDefault("AIGATE_DATA_DIR", "./data")), 1);
        if (settings.isPostgres()) {
            err.println("backup: the store is PostgreSQL (AIGATE_DATABASE_URL): back it up with pg_dump,"
                    + " e.g. pg_dump -Fc DATABASE > aigate.dump (docs/operations.md)");
            return 2;
        }
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target) && !force) {
            err.println("backup: " + file + " exists; pass --force to replace it");
            return 2;
        }
        if (Files.isDirectory(target)) {
            err.println("backup: " + file + " is a directory; name the zip to write");
            return 2;
        }
        Path temp;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            temp = parent.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            err.println("backup: cannot write next to " + file + ": " + e);
            return 1;
        }
        try {
            String base = server == null ? CliCommand.localServer(env) : server.replaceAll("/+$", "");
            Optional<String> token = AdminToken.resolve(env.get("AIGATE_ADMIN_TOKEN"), LayeredCredentialsProvider.fromEnvironment(env));
            int code = fromServer(base, token, settings, temp);
            if (code != 0) {
                return code;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("wrote " + file + " (" + Files.size(target) + " bytes); restore: stop the server, unzip it"
                    + " into AIGATE_DATA_DIR, start (docs/operations.md)");
            return 0;
        } catch (IOException e) {
            err.println("backup: cannot write " + file + ": " + e);
            return 1;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing half-written is left under FILE's name either way
            }
        }
    }

    /** Has the server at {@code base} write the zip into {@code temp}; without a server there, copies the store itself. */
    private int fromServer(String base, Optional<String> token, StoreSettings settings, Path temp) throws IOException {
        Request request = new Request.Builder().url(base + "/api/admin/backup")
                .header("Authorization", "Bearer " + token.orElse(""))
                .post(RequestBody.create(new byte[0])).build();
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofMinutes(10)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                String text = response.body() == null ? "" : response.body().string();
                err.println("backup: the server at " + base + " answered HTTP " + response.code() + ": " + text
                        + (response.code() == 401 ? "; set AIGATE_ADMIN_TOKEN to the server's, or run with the server's"
                        + " AIGATE_WEBHOOK_SECRET (or its AIGATE_DATA_DIR)" : ""));
                return 1;
            }
            try (InputStream in = response.body().byteStream()) {
                Files.copy(in, temp);
            }
            return isZip(temp) ? 0 : refuse("the server at " + base + " answered something that is not a zip");
        } catch (ConnectException e) {
            if (server != null) {
                // Asked for that server: a local store may be another one, so no copy of it stands in.
                return refuse("cannot reach the server at " + base + " (" + e.getMessage() + ")");
            }
            return direct(base, settings, temp);
        }
    }

    /** No server answers: open the store file (it exists; never create one) and back it up from here. */
    private int direct(String base, StoreSettings settings, Path temp) {
        Path store = settings.dataDir().toAbsolutePath().normalize().resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        if (settings.isEmbedded() && !Files.exists(store)) {
            return refuse("no server answers at " + base + " and there is no store at " + store
                    + " (set AIGATE_DATA_DIR, or pass --server URL)");
        }
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl() + ";IFEXISTS=TRUE", "sa", "")) {
            StoreBackup.backup(c, temp);
            return 0;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("already in use") || e.getErrorCode() == 90020) {
                return refuse("no server answers at " + base + ", but another process holds the store in "
                        + settings.dataDir() + "; set MICRONAUT_SERVER_PORT or pass --server URL of the server that runs on it");
            }
            return refuse("cannot read the store " + settings.describe() + ": " + e.getMessage());
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    private int refuse(String message) {
        err.println("backup: " + message);
        return 1;
    }
}

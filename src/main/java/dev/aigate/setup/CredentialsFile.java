package dev.aigate.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The registered App kept in {@code AIGATE_DATA_DIR/github-app.json}, readable by the owner only (0600).
 * Written atomically, so a reader never sees half a key. Never logs its content.
 */
public final class CredentialsFile {

    public static final String FILE_NAME = "github-app.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public CredentialsFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The stored App, or empty when nothing was stored (or the file is unreadable: the reason is thrown). */
    public Optional<RegisteredApp> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new RegisteredApp(text(node, "app_id"), text(node, "slug"), text(node, "html_url"),
                    text(node, "api_url"), text(node, "pem"), text(node, "webhook_secret"),
                    text(node, "client_id"), text(node, "client_secret")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored App credentials at " + file
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Last modification time, to notice a file written by another process. */
    public Optional<Instant> modified() {
        try {
            return Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file).toInstant()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(RegisteredApp app) {
        ObjectNode node = JSON.createObjectNode();
        node.put("app_id", app.appId());
        node.put("slug", app.slug());
        node.put("html_url", app.htmlUrl());
        node.put("api_url", app.apiUrl());
        node.put("pem", app.privateKeyPem());
        node.put("webhook_secret", app.webhookSecret());
        node.put("client_id", app.clientId());
        node.put("client_secret", app.clientSecret());
        node.put("created_at", Instant.now().toString());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = createOwnerOnly(file.resolveSibling(FILE_NAME + ".tmp"));
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node),
                    StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the App credentials in " + file.getParent()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static Path createOwnerOnly(Path tmp) throws IOException {
        Files.deleteIfExists(tmp);
        boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return Files.createFile(tmp);
        }
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            Path created = Files.createFile(tmp, mode);
            Files.setPosixFilePermissions(created, OWNER_ONLY); // in case a umask widened or narrowed it
            return created;
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another registration is being written right now", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}

package dev.aigate.setup;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one-time code that proves a registration is started by the operator: whoever reads the server's log
 * (or {@code AIGATE_DATA_DIR/setup-code}, mode 0600). It stays the same across restarts until an App is
 * stored, then it is void and its file deleted. 20 characters of a 32-letter alphabet (100 bits), shown in
 * groups of four; case, spaces and dashes do not matter when it is entered. Never part of a URL.
 */
@Singleton
public class SetupCode {

    public static final String FILE_NAME = "setup-code";
    private static final Logger LOG = LoggerFactory.getLogger(SetupCode.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[" + ALPHABET + "]{" + LENGTH + "}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecureRandom random = new SecureRandom();
    private final Path file;
    private String code;
    private boolean discarded;

    public SetupCode(@Value("${aigate.data-dir:./data}") String dataDir) {
        this.file = Path.of(dataDir).resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The code, as the log shows it ({@code ABCD-EFGH-...}); read from its file or created on first use. */
    public synchronized String current() {
        if (code == null) {
            code = loadOrCreate();
            if (discarded) {
                LOG.warn("Setup is open again (no GitHub App); the new setup code is {}", display(code));
                discarded = false;
            }
        }
        return display(code);
    }

    /** Whether {@code entered} is the current code, compared in constant time. */
    public boolean matches(String entered) {
        String expected = normalized();
        return MessageDigest.isEqual(sha256(normalize(entered)), sha256(expected));
    }

    /** A value tying a registration's {@code state} to the current code: the callback checks it again. */
    public String proof(String state) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(("aigate-setup:" + normalized()).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(state.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code proof} was made by {@link #proof} for {@code state} with the current code. */
    public boolean verifies(String state, String proof) {
        if (state == null || proof == null) {
            return false;
        }
        return MessageDigest.isEqual(proof(state).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.UTF_8));
    }

    /** Voids the code once an App is stored (or credentials come from the environment), and deletes its file. */
    public synchronized void discard() {
        boolean had = code != null || Files.exists(file);
        code = null;
        discarded = had;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the used setup code file {} ({}); delete it by hand", file,
                    e.getClass().getSimpleName());
        }
    }

    private synchronized String normalized() {
        current();
        return code;
    }

    private String loadOrCreate() {
        try {
            if (Files.exists(file)) {
                String stored = normalize(Files.readString(file, StandardCharsets.US_ASCII));
                if (VALID.matcher(stored).matches()) {
                    ownerOnly(file);
                    return stored;
                }
                LOG.warn("The setup code file {} holds no valid code; replacing it", file);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the setup code file {} ({}); using a new code", file, e.getClass().getSimpleName());
        }
        String fresh = generate();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            Path created = tmp.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createFile(tmp);
            ownerOnly(created);
            Files.writeString(created, display(fresh) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(created, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(created, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot store the setup code in {} ({}); it changes at each start until an App is registered",
                    file, e.getClass().getSimpleName());
        }
        return fresh;
    }

    private String generate() {
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static void ownerOnly(Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        }
    }

    static String normalize(String entered) {
        if (entered == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(LENGTH);
        entered.codePoints().filter(c -> c != '-' && !Character.isWhitespace(c))
                .forEach(out::appendCodePoint);
        return out.toString().toUpperCase(Locale.ROOT);
    }

    private static String display(String code) {
        StringBuilder out = new StringBuilder(code.length() + code.length() / 4);
        for (int i = 0; i < code.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append('-');
            }
            out.append(code.charAt(i));
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

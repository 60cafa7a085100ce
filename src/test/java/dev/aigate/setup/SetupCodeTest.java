package dev.aigate.setup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetupCodeTest {

    @Test
    void theCodeSurvivesARestartInAnOwnerOnlyFile(@TempDir Path data) throws Exception {
        String code = new SetupCode(data.toString()).current();
        assertTrue(code.matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}"), code);
        Path file = data.resolve(SetupCode.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(code, new SetupCode(data.toString()).current());
    }

    @Test
    void matchingIgnoresCaseSpacesAndDashesButNothingElse(@TempDir Path data) {
        SetupCode setup = new SetupCode(data.toString());
        String code = setup.current();
        assertTrue(setup.matches(code));
        assertTrue(setup.matches(" " + code.toLowerCase(java.util.Locale.ROOT).replace("-", "") + "\n"));
        assertFalse(setup.matches(null));
        assertFalse(setup.matches(""));
        assertFalse(setup.matches(code.substring(0, code.length() - 1)));
        assertFalse(setup.matches(code + "A"));
    }

    @Test
    void aProofHoldsForItsStateAndTheCurrentCodeOnly(@TempDir Path data, @TempDir Path other) {
        SetupCode setup = new SetupCode(data.toString());
        String proof = setup.proof("state-1");
        assertTrue(setup.verifies("state-1", proof));
        assertFalse(setup.verifies("state-2", proof));
        assertFalse(setup.verifies("state-1", ""));
        assertFalse(setup.verifies("state-1", null));
        assertFalse(new SetupCode(other.toString()).verifies("state-1", proof));
    }

    @Test
    void discardVoidsTheCodeAndDeletesItsFile(@TempDir Path data) {
        SetupCode setup = new SetupCode(data.toString());
        String code = setup.current();
        String proof = setup.proof("state");
        setup.discard();
        assertFalse(Files.exists(data.resolve(SetupCode.FILE_NAME)));
        assertFalse(setup.matches(code), "a used code is void");
        assertFalse(setup.verifies("state", proof));
        assertNotEquals(code, setup.current());
    }

    @Test
    void anUnwritableDataDirectoryStillGivesACode(@TempDir Path data) throws Exception {
        Path blocked = data.resolve("file-not-dir");
        Files.writeString(blocked, "x");
        SetupCode setup = new SetupCode(blocked.toString());
        String code = setup.current();
        assertTrue(setup.matches(code));
    }
}

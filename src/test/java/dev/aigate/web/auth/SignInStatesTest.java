package dev.aigate.web.auth;

import dev.aigate.queue.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInStatesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SealedCookie sealer = new SealedCookie("secret", clock);
    private final SignInStates states = new SignInStates();

    @Test
    void aStateWorksOnceInTheBrowserThatStartedIt() {
        SignInStates.Started started = states.start(sealer, "/pulls/acme/widgets/42?x=1");
        assertEquals(Optional.of("/pulls/acme/widgets/42?x=1"), states.finish(sealer, started.cookieValue(), started.state()));
        assertEquals(Optional.empty(), states.finish(sealer, started.cookieValue(), started.state()), "used once already");
    }

    @Test
    void aStateFromAnotherRoundTripOrNoCookieIsRefused() {
        SignInStates.Started mine = states.start(sealer, "/a");
        SignInStates.Started theirs = states.start(sealer, "/b");
        assertNotEquals(mine.state(), theirs.state());
        assertTrue(states.finish(sealer, mine.cookieValue(), theirs.state()).isEmpty(), "state from another browser");
        assertTrue(states.finish(sealer, null, mine.state()).isEmpty(), "no cookie");
        assertTrue(states.finish(sealer, mine.cookieValue(), null).isEmpty(), "no state");
        assertTrue(states.finish(sealer, mine.cookieValue(), "").isEmpty(), "empty state");
        assertEquals(Optional.of("/a"), states.finish(sealer, mine.cookieValue(), mine.state()), "still good after refusals");
    }

    @Test
    void aStateExpiresAfterTenMinutes() {
        SignInStates.Started started = states.start(sealer, "/a");
        clock.advance(Duration.ofMinutes(10));
        assertTrue(states.finish(sealer, started.cookieValue(), started.state()).isEmpty());
    }

    @Test
    void returnsOnlyToAPathOfThisServer() {
        assertEquals("/pulls/a/b/1", SignInStates.safeReturn("/pulls/a/b/1"));
        for (String elsewhere : new String[]{"https://evil.example/", "//evil.example/x", "/\\evil.example", "evil",
                "/a\r\nSet-Cookie: x=1", "/a\\b", null, ""}) {
            assertEquals("/", SignInStates.safeReturn(elsewhere), String.valueOf(elsewhere));
        }
    }
}

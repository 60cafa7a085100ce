package dev.aigate.setup;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetupStatesTest {

    private Instant now = Instant.parse("2026-11-22T05:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aStateWorksOnceAndCarriesItsApi() {
        SetupStates states = new SetupStates(clock);
        String a = states.start("https://api.github.com");
        String b = states.start("https://ghe.example.test/api/v3");
        assertNotEquals(a, b);
        assertEquals("https://ghe.example.test/api/v3", states.consume(b).orElseThrow().apiUrl());
        assertTrue(states.consume(b).isEmpty(), "a state is single use");
        assertTrue(states.consume(a).isPresent());
        assertTrue(states.consume(null).isEmpty());
        assertTrue(states.consume("").isEmpty());
    }

    @Test
    void aStateOlderThanAnHourIsRefused() {
        SetupStates states = new SetupStates(clock);
        String fresh = states.start("https://api.github.com");
        String stale = states.start("https://api.github.com");
        now = now.plus(Duration.ofMinutes(59));
        assertTrue(states.consume(fresh).isPresent());
        now = now.plus(Duration.ofMinutes(2));
        assertTrue(states.consume(stale).isEmpty());
    }

    @Test
    void aNewStateNeverFailsWhenManyArePendingTheOldestGoes() {
        SetupStates states = new SetupStates(clock);
        String first = states.start("https://api.github.com");
        now = now.plusSeconds(1);
        String second = states.start("https://api.github.com");
        for (int i = 0; i < 150; i++) {
            now = now.plusSeconds(1);
            states.start("https://api.github.com");
        }
        now = now.plusSeconds(1);
        String latest = states.start("https://api.github.com");
        assertTrue(states.consume(latest).isPresent());
        assertTrue(states.consume(first).isEmpty(), "the oldest made room");
        assertTrue(states.consume(second).isEmpty());
    }
}

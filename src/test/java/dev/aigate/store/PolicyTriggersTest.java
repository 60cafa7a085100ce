package dev.aigate.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyTriggersTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneRowPerRepositoryAndBaseBranchSeenByEveryPool(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            PolicyTriggers a = new PolicyTriggers(db.dataSource(), Clock.systemUTC());
            PolicyTriggers b = new PolicyTriggers(db.pool(), Clock.systemUTC()); // another replica's pool
            assertEquals(List.of(), b.forRepo("o/r"));

            a.save(new PolicyTriggers.Row("o/r", "main", "pull_request,commit", "", "[]"));
            a.save(new PolicyTriggers.Row("o/r", "release", "pull_request,commit,check", "checks", "[\"=build\"]"));
            b.save(new PolicyTriggers.Row("o/r", "main", "pull_request,commit,check", "checks", "[\"=e2e\"]"));
            a.save(new PolicyTriggers.Row("o/other", "main", "pull_request", "", "[]"));

            assertEquals(Optional.of(new PolicyTriggers.Row("o/r", "main", "pull_request,commit,check", "checks", "[\"=e2e\"]")),
                    a.find("o/r", "main"), "the later write wins, whichever replica made it");
            assertEquals(List.of("main", "release"), b.forRepo("o/r").stream().map(PolicyTriggers.Row::baseRef).sorted().toList());
        }
    }
}

#!/usr/bin/env bash
# Times every dashboard query on an embedded store seeded with 1,000,000 decisions and 100,000 pull requests:
# dev.aigate.bench.DashboardQueriesBench. DIR (optional) keeps the seeded store between runs; DECISIONS and PULLS
# override the sizes, RUNS and WARM the repetitions (20, 5); H2_OPTIONS=';CACHE_SIZE=1024' adds H2 settings to the
# store's URL. Goal: every query under 200 ms (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o test-compile
cp="$(./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout):target/classes:target/test-classes"
exec java -Xmx1g -Ddecisions="${DECISIONS:-1000000}" -Dpulls="${PULLS:-100000}" -Druns="${RUNS:-20}" -Dwarm="${WARM:-5}" -Dh2options="${H2_OPTIONS:-}" -cp "$cp" dev.aigate.bench.DashboardQueriesBench "$@"

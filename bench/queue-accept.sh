#!/usr/bin/env bash
# The store's share of ingest, without HTTP: dev.aigate.bench.QueueAcceptLoad against the embedded store
# (no argument) or a JDBC URL (e.g. "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench" postgres;
# the schema must exist and is migrated). THREADS and COUNT override the defaults (32, 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o test-compile
cp="$(./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout):target/classes:target/test-classes"
exec java -Dthreads="${THREADS:-32}" -Dcount="${COUNT:-20000}" -cp "$cp" dev.aigate.bench.QueueAcceptLoad "$@"

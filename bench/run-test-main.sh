#!/usr/bin/env bash
# Runs a main class from the test sources (benchmarks, load drivers) with the full test classpath.
# Usage: bench/run-test-main.sh dev.aigate.bench.SomeBench [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile
cp_file=target/bench-classpath.txt
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" "$@"

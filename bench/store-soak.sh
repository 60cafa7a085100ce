#!/usr/bin/env bash
# Soak of the embedded store: the real jar as a full server (evaluations against a local fake GitHub), signed
# pull_request deliveries at a fixed rate for a fixed time; prints file size, live data, RSS and ack p99 every
# minute (src/test/java/dev/aigate/bench/StoreSoak.java).
#
#   bench/store-soak.sh [rate=50] [minutes=60] [pulls=50]
#
# The jar and the test classes are copied to a scratch directory first, so rebuilding during a long run is safe.
# DATA=DIR keeps the data directory (default: a fresh temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o package -DskipTests
cp_file=target/bench-classpath.txt
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
snap="$(mktemp -d /tmp/aigate-soak-XXXXXX)"
cp target/ai-gate.jar "$snap/ai-gate.jar"
cp -r target/test-classes "$snap/test-classes"
cp -r target/classes "$snap/classes"
data="${DATA:-$snap/data}"
echo "soak: $(date -u +%FT%TZ), $(uptime)"
java -Xmx1g -cp "$snap/test-classes:$snap/classes:$(cat "$cp_file")" dev.aigate.bench.StoreSoak \
  --jar "$snap/ai-gate.jar" --rate "${1:-50}" --minutes "${2:-60}" --pulls "${3:-50}" --data "$data"
echo "soak end: $(date -u +%FT%TZ), $(uptime)"

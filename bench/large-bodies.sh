#!/usr/bin/env bash
# Large-body flood: starts target/ai-gate.jar (worker and recovery off, the JVM's default heap so nothing hides
# the growth) and sends it 150 concurrent webhooks with 24 MB bodies and made-up signatures
# (bench/LargeBodies.java), plus one signed ping in the middle. Prints how each was answered and the server's
# peak resident memory. AIGATE_WEBHOOK_MAX_BUFFERED bounds what the server holds (docs/performance.md).
#
#   bench/large-bodies.sh [requests] [mb]
#
# JAVA=/path/to/java picks the server's JDK; JAVA_OPTS adds JVM options; BUDGET sets AIGATE_WEBHOOK_MAX_BUFFERED.
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${1:-150}"
mb="${2:-24}"
port="${PORT:-18081}"
secret="bench-secret-$$"
work="$(mktemp -d)"
trap 'kill "${server_pid:-0}" 2>/dev/null || true; wait "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

[ -f target/ai-gate.jar ] || ./mvnw -q -B -o package -DskipTests

env AIGATE_DATA_DIR="$work/data" AIGATE_WEBHOOK_SECRET="$secret" AIGATE_APP_ID=1 \
  AIGATE_QUEUE_WORKER_ENABLED=false AIGATE_RECOVERY_ENABLED=false MICRONAUT_SERVER_PORT="$port" \
  ${BUDGET:+AIGATE_WEBHOOK_MAX_BUFFERED="$BUDGET"} \
  "${JAVA:-java}" ${JAVA_OPTS:-} -jar target/ai-gate.jar >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/health/liveness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/liveness" >/dev/null || { echo "server did not start:"; tail -40 "$work/server.log"; exit 1; }

echo "requests=$requests body=${mb}MB budget=${BUDGET:-default} load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java bench/LargeBodies.java --url "http://127.0.0.1:$port" --secret "$secret" --requests "$requests" --mb "$mb" \
  --server-pid "$server_pid"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

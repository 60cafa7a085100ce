#!/usr/bin/env bash
# Ingest benchmark: starts target/ai-gate.jar as an ingest-only replica (the worker off, so only acceptance is
# measured), drives it with signed pull_request webhooks (bench/IngestLoad.java), and prints deliveries/s, ack
# latency percentiles and the server's peak RSS.
#
#   bench/ingest-load.sh [embedded|postgres] [rate] [seconds]
#
# The targets of issue 13, one command each (the load average is printed before and after):
#   bench/ingest-load.sh embedded 3700 30     # p99 <= 15 ms
#   bench/ingest-load.sh postgres 2000 30     # p99 <= 50 ms
#
# postgres uses AIGATE_BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test, user postgres) in a fresh
# schema that is dropped afterwards. rate 0 = closed loop (as fast as it goes). Pin to CPUs with CPUS=0,1.
# WARMUP=seconds (default 60) runs the same load first, unmeasured, so the JIT has settled: on two cores the
# compiler threads take a large share of the CPU for the first minute. JAVA=/path/to/java picks the server's JDK;
# JAVA_OPTS adds JVM options (e.g. -Xlog:gc:file=/tmp/gc.log); SERVER_LOG=file keeps the server's log there.
# SLOW_FILE=file lists the measured deliveries over 15 ms (when due, epoch ms; latency ms), to match with the logs.
# IDS=random sends random delivery ids instead of ones shaped as GitHub's (time-based; see bench/IngestLoad.java).
set -euo pipefail
cd "$(dirname "$0")/.."

store="${1:-embedded}"
rate="${2:-1000}"
seconds="${3:-20}"
cpus="${CPUS:-0,1}"
port="${PORT:-18080}"
secret="bench-secret-$$"
work="$(mktemp -d)"
trap 'kill "${server_pid:-0}" 2>/dev/null || true; wait "${server_pid:-0}" 2>/dev/null || true; cleanup_pg; rm -rf "$work"' EXIT

# Rebuilt when a source is newer than the jar, so an unattended run never measures a stale build.
if [ ! -f target/ai-gate.jar ] || [ -n "$(find src/main pom.xml -newer target/ai-gate.jar -print -quit)" ]; then
  ./mvnw -q -B -o package -DskipTests
fi

pg_url="${AIGATE_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
schema="bench_$$"
cleanup_pg() { if [ "$store" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi; }

env_db=()
if [ "$store" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $schema" >/dev/null
  case "$pg_url" in *\?*) sep="&" ;; *) sep="?" ;; esac
  env_db=(AIGATE_DATABASE_URL="$pg_url${sep}currentSchema=$schema" AIGATE_DATABASE_USER=postgres)
fi

env "${env_db[@]}" AIGATE_DATA_DIR="$work/data" AIGATE_WEBHOOK_SECRET="$secret" AIGATE_APP_ID=1 \
  AIGATE_QUEUE_WORKER_ENABLED=false AIGATE_RECOVERY_ENABLED=false MICRONAUT_SERVER_PORT="$port" \
  taskset -c "$cpus" "${JAVA:-java}" -XX:ActiveProcessorCount=2 -Xmx512m ${JAVA_OPTS:-} -jar target/ai-gate.jar >"${SERVER_LOG:-$work/server.log}" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/liveness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/liveness" >/dev/null || { echo "server did not start:"; tail -40 "${SERVER_LOG:-$work/server.log}"; exit 1; }

echo "store=$store cpus=$cpus rate=$rate seconds=$seconds ids=${IDS:-github} java_opts=${JAVA_OPTS:-none}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/IngestLoad.java --url "http://127.0.0.1:$port" --secret "$secret" --rate "$rate" --seconds "$seconds" \
  --warmup-seconds "${WARMUP:-60}" --prs 500 --connections "${CONNECTIONS:-64}" --server-pid "$server_pid" \
  --ids "${IDS:-github}" ${SLOW_FILE:+--slow-file "$SLOW_FILE"} || status=$?
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$server_pid/status")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "${status:-0}"

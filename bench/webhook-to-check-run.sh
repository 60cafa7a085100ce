#!/usr/bin/env bash
# Webhook-to-check-run latency and burst coalescing of the real jar, against a local fake GitHub.
# Usage: bench/webhook-to-check-run.sh [samples]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests
exec bench/run-test-main.sh dev.aigate.bench.WebhookToCheckRunBench "${1:-50}"

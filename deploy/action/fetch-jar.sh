#!/usr/bin/env bash
# Puts ai-gate.jar in the runner's tool cache, once per release, and names it in the step output `jar`.
# The jar is the release asset of the action's own ref (uses: owner/ai-gate/deploy/action@v1 -> release v1),
# unless AIGATE_JAR_URL names another place (a GHES mirror, an internal artefact store).
set -euo pipefail

repo="${AIGATE_ACTION_REPOSITORY:-}"
ref="${AIGATE_ACTION_REF:-}"
if [[ -z "$repo" || -z "$ref" ]]; then
  # GITHUB_ACTION_PATH is <tool dir>/_actions/<owner>/<repo>/<ref>/deploy/action
  base="${GITHUB_ACTION_PATH%/deploy/action}"
  ref="${ref:-$(basename "$base")}"
  repo="${repo:-$(basename "$(dirname "$(dirname "$base")")")/$(basename "$(dirname "$base")")}"
fi
if [[ ! "$ref" =~ ^[A-Za-z0-9._/-]+$ || ! "$repo" =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ ]]; then
  echo "ai-gate: cannot tell which release to use (repository '$repo', ref '$ref'); set the jar-url input" >&2
  exit 2
fi
url="${AIGATE_JAR_URL:-${AIGATE_SERVER_URL:-https://github.com}/$repo/releases/download/$ref/ai-gate.jar}"

cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/ai-gate/${ref//\//_}"
jar="$cache/ai-gate.jar"
# A moving tag (v1) or a jar-url is fetched again each run; an exact release (v1.2.3) is reused.
if [[ -n "${AIGATE_JAR_URL:-}" || ! "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ || ! -s "$jar" ]]; then
  mkdir -p "$cache"
  if ! curl --fail --silent --show-error --location --retry 3 --output "$jar.part" "$url"; then
    echo "ai-gate: could not download $url. Pin the action to a release tag that has an ai-gate.jar asset" \
         "(for example @v1), or set the jar-url input." >&2
    exit 2
  fi
  mv "$jar.part" "$jar"
fi
echo "jar=$jar" >> "$GITHUB_OUTPUT"

#!/usr/bin/env bash
# `npm test`: every unit test (beside the code) and integration test (under test/), with
# node's test runner through tsx, in UTC. The ClickHouse tests install and start their own
# two-shard cluster on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
exec node --import tsx --test "${files[@]}"

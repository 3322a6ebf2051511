#!/usr/bin/env bash
# `npm run bench`: every benchmark, one after the other, figures on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in geo-lookup store-write clickhouse-write; do
  echo "== bench/$bench.ts"
  node --import tsx "bench/$bench.ts"
  echo
done

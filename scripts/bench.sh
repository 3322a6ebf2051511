#!/usr/bin/env bash
# `npm run bench`: every benchmark, one after the other, figures on stdout. The peers they
# compare against (bgpdump, goaccess, tcpdump) come from Debian; install them first:
#   apt-get install -y bgpdump goaccess tcpdump
# Sizes are the issues' sizes; pass smaller ones to the scripts for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
  echo "== bench/$*"
  node --expose-gc --import tsx "bench/$@"
  echo
}
run geo-lookup.ts
run store-write.ts duckdb 5000000
run clickhouse-write.ts 2000000 1000000
run mrt-decode.ts
run bgp-rib-memory.ts 10
run bgp-live-updates.ts 200000
run logs-throughput.ts 10000000 2000000 1000000
run logs-memory.ts 1000000
run pcap-throughput.ts 2000000 500000

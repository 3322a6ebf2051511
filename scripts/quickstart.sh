#!/usr/bin/env bash
# `npm start`: the main job on the embedded DuckDB store. Until the Kazakhstan replay lands,
# it creates the store and shows Kazakhstan's networks as the bundled attribution data sees
# them: who announces the country's address space, and how each network reaches its users.
set -euo pipefail
cd "$(dirname "$0")/.."
nightlight() { node bin/nightlight.js "$@"; }

nightlight db init --db nightlight.duckdb
echo
echo "Kazakhstan's largest networks by IPv4 address space (ip-location-db, CC BY 4.0 / CC0):"
nightlight geo networks KZ --limit 12
echo
echo "Attribution of one address in each of the four largest networks, and one IPv6 address:"
nightlight geo lookup 2.132.0.1 2.76.0.1 5.34.0.1 62.122.0.1 2a03:32c0::1

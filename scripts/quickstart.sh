#!/usr/bin/env bash
# `npm start`: the main job on the embedded DuckDB store — replay Kazakhstan, January 2022
# from raw inputs (MRT, access logs, darknet pcaps, OONI measurements), detect and type the
# events, check them against the scenario's ground truth, write the incident report, then
# serve the dashboard on http://127.0.0.1:8080/ (Ctrl-C stops it; pass --no-serve to skip).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bin/nightlight.js demo --out nightlight-demo "$@"

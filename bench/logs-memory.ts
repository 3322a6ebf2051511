/**
 * Peak memory for one million distinct client addresses in one 5-minute bin, through the
 * whole log collector (parse, tally, attribute with the default tables, points to a memory
 * store). Run: `node --expose-gc --import tsx bench/logs-memory.ts [DISTINCT]`.
 */
import { writeFileSync } from 'node:fs';
import { formatIpv4 } from '../src/geo/ip.js';
import { ingestLogs } from '../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../src/collectors/traffic/log-format.js';
import { formatClfTime } from '../src/collectors/traffic/log-time.js';
import { createIpTally } from '../src/collectors/traffic/ip-tally.js';
import { loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { createMemoryStore } from '../src/store/memory.js';

const DISTINCT = Number(process.argv[2] ?? 1_000_000);
const MB = 1024 * 1024;
const path = `/tmp/nightlight-bench-distinct-${DISTINCT}.log`;
const time = formatClfTime(1641378600, 0);
const lines: string[] = [];
// Distinct addresses spread over the space by a multiplicative step (odd, so all differ).
for (let i = 0; i < DISTINCT; i++)
  lines.push(
    `${formatIpv4((Math.imul(i + 1, 2654435761) >>> 0) | 0x01000000)} - - [${time}] "GET / HTTP/1.1" 200 1 "-" "x"`,
  );
writeFileSync(path, lines.join('\n') + '\n');
lines.length = 0;

const tally = createIpTally(2);
for (let i = 0; i < DISTINCT; i++)
  tally.addIpv4((Math.imul(i + 1, 2654435761) >>> 0) | 0x01000000, 0);
// Sorting for attribution uses room of its own (kept for the next bin): count it too.
tally.sortedIpv4();
console.log(
  `tally alone: ${tally.distinctIpv4} addresses in ${(tally.bytes() / MB).toFixed(1)} MB of typed arrays (rows and sort room)`,
);

(globalThis as { gc?: () => void }).gc?.();
const attributor = await loadDefaultAttributor({ ipv6: false });
(globalThis as { gc?: () => void }).gc?.();
const before = process.memoryUsage().rss;
const result = await ingestLogs({
  inputs: [path],
  source: 'logs:memory',
  store: createMemoryStore(),
  attributor,
  format: compileLogFormat('combined'),
});
const peak = process.resourceUsage().maxRSS * 1024;
console.log(
  `ingest: ${result.accepted} lines, ${result.points} points; RSS before ingest ${(before / MB).toFixed(0)} MB (geo tables loaded), peak ${(peak / MB).toFixed(0)} MB`,
);

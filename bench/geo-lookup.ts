/**
 * Geo lookup benchmark: loads the full ip-location-db tables, then times IPv4 lookups (numeric
 * fast path, string path, and the bare range table for comparison) and IPv6 lookups on one
 * core over a seeded random sample. Run: `node --expose-gc --import tsx bench/geo-lookup.ts
 * [samples]`; without --expose-gc the memory figures include garbage not yet collected.
 */
import { formatIpv4, formatIpv6, ipv6FromBigInt } from '../src/geo/ip.js';
import { buildIpv4Table } from '../src/geo/ipv4-table.js';
import { defaultGeoTablePaths, loadDefaultAttributor } from '../src/geo/load-attributor.js';
import { loadRangeCsv } from '../src/geo/load-range-csv.js';
import { rng } from './logs-generate.js';

const SAMPLES = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 5;
const MB = 1024 * 1024;

function memory(label: string) {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const gc = (globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: includes garbage)';
  console.log(
    `${label}: rss ${(m.rss / MB).toFixed(0)} MB, heap used ${(m.heapUsed / MB).toFixed(0)} MB, array buffers ${(m.arrayBuffers / MB).toFixed(0)} MB${gc}`,
  );
}

/** Best of ROUNDS, in lookups per second; `sink` keeps the work from being optimised away. */
function measure(run: () => number): { perSecond: number; sink: number } {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    sink += run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { perSecond: SAMPLES / best, sink };
}

memory('before load');
const started = performance.now();
const attributor = await loadDefaultAttributor();
const loadSeconds = (performance.now() - started) / 1000;
console.log(
  `load: ${loadSeconds.toFixed(2)} s, ${attributor.stats.ipv4Segments} IPv4 and ${attributor.stats.ipv6Segments} IPv6 segments, ${attributor.stats.asns} ASes`,
);
memory('after load');

const uniform = rng(20220105);
/** Seeded uint32s: the generator's [0, 1) floats are k / 2^32, so this is exact. */
const random = () => uniform() * 4294967296;
const v4 = Uint32Array.from({ length: SAMPLES }, () => random());
const v4Text = Array.from(v4, formatIpv4);
// IPv6: uniform over 2^128 would almost never hit a table, so draw from the starts of the
// ASN table's rows, with random low 32 bits (rows are /64 or wider, so they stay inside).
const v6Rows = await loadRangeCsv(defaultGeoTablePaths().asn[1]!, { kind: 'asn' });
if (v6Rows.family !== 6) throw new Error('expected an IPv6 table');
const v6Text = Array.from({ length: SAMPLES }, () => {
  const start = ipv6FromBigInt(v6Rows.rows.starts[random() % v6Rows.records]!);
  return formatIpv6(start.w0, start.w1, start.w2, random());
});

// The bare IPv4 table (ASN + country, no answer object), built again outside the attributor.
const paths = defaultGeoTablePaths({ ipv6: false });
const [asnRows, countryRows] = await Promise.all([
  loadRangeCsv(paths.asn[0]!, { kind: 'asn' }),
  loadRangeCsv(paths.country[0]!, { kind: 'country' }),
]);
if (asnRows.family !== 4 || countryRows.family !== 4) throw new Error('expected IPv4 tables');
const table = buildIpv4Table(asnRows.rows, countryRows.rows);

const rows: [string, { perSecond: number; sink: number }][] = [
  [
    'IPv4 bare table find (ASN + country code)',
    measure(() => {
      let found = 0;
      let countries = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const segment = table.find(v4[i]!);
        if (table.asns[segment] !== 0) found++;
        countries += table.countries[segment]!;
      }
      // Reading `countries` keeps the country load from being optimised away.
      return found + (countries < 0 ? 1 : 0);
    }),
  ],
  [
    'IPv4 lookupIpv4(number)',
    measure(() => {
      let found = 0;
      for (let i = 0; i < SAMPLES; i++) if (attributor.lookupIpv4(v4[i]!).asn !== null) found++;
      return found;
    }),
  ],
  [
    'IPv4 lookup(string)',
    measure(() => {
      let found = 0;
      for (let i = 0; i < SAMPLES; i++) if (attributor.lookup(v4Text[i]!).asn !== null) found++;
      return found;
    }),
  ],
  [
    'IPv6 lookup(string)',
    measure(() => {
      let found = 0;
      for (let i = 0; i < SAMPLES; i++) if (attributor.lookup(v6Text[i]!).asn !== null) found++;
      return found;
    }),
  ],
];

console.log(
  `\n${SAMPLES.toLocaleString('en')} seeded random addresses, best of ${ROUNDS} rounds, one core (${process.version})`,
);
console.log('| path | lookups/s | ns/lookup | with ASN |');
console.log('|---|---:|---:|---:|');
for (const [name, { perSecond, sink }] of rows) {
  const hits = ((sink / ROUNDS / SAMPLES) * 100).toFixed(1);
  console.log(
    `| ${name} | ${(perSecond / 1e6).toFixed(2)} M | ${(1e9 / perSecond).toFixed(0)} | ${hits}% |`,
  );
}

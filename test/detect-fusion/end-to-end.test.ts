/**
 * End to end on a real DuckDB file: external series (CSV with a bad row, and an IODA BGP
 * document) → `ingest series` (twice: idempotent) → `detect` → `events`. Kazakhstan's one
 * network is cut for 30 hours with a 3-hour restoration in the middle while BGP stays
 * normal: one nationwide blackhole event with both cuts, nothing for Uzbekistan.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { outageEventSchema } from '../../src/detect/detect-events-schema.js';
import type { OutageEvent } from '../../src/model/event.js';
import { openStore } from '../../src/store/open-store.js';
import { writeHalvesGeo } from '../traffic/support.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-detect-'));
const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const geo = writeHalvesGeo(dir);
const db = join(dir, 'detect.duckdb');
const STEP = 300;
const DAY = 86400;
/** 2022-01-01T00:00:00Z. */
const START = 1640995200;
const CUT = START + 18 * DAY + 10.5 * 3600;
const RESTORED = CUT + 12 * 3600;
const RECUT = RESTORED + 3 * 3600;
const END = CUT + 30 * 3600;
const LAST = START + 21 * DAY;

function nightlight(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, '--db', db, ...args],
    { cwd: dir, env: { ...process.env, ...geo.env }, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Diurnal traffic with deterministic noise (a seeded LCG), cut to 2% while `down`. */
function writeInputs() {
  let seed = 42;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const lines = ['time,entity,signal,value'];
  for (let t = START; t < LAST; t += STEP) {
    const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);
    const down = (t >= CUT && t < RESTORED) || (t >= RECUT && t < END);
    const kz = Math.round(2000 * diurnal * (1 + 0.05 * noise()) * (down ? 0.02 : 1));
    const uz = Math.round(800 * diurnal * (1 + 0.05 * noise()));
    const iso = new Date(t * 1000).toISOString();
    lines.push(
      `${iso},country/KZ,traffic.requests,${kz}`,
      `${iso},asn/64500,traffic.requests,${kz}`,
    );
    lines.push(`${iso},country/UZ,traffic.requests,${uz}`);
  }
  lines.splice(5, 0, '2022-01-01T00:20:00Z,country/KZ,traffic.requests,many');
  writeFileSync(join(dir, 'kz.csv'), `${lines.join('\n')}\n`);
  const values = Array.from({ length: (LAST - START) / STEP }, () => 3000);
  const ioda = {
    type: 'signals',
    error: null,
    data: [
      [
        {
          entityType: 'country',
          entityCode: 'KZ',
          datasource: 'bgp',
          subtype: '',
          from: START,
          until: LAST,
          step: STEP,
          nativeStep: STEP,
          values,
        },
        {
          entityType: 'region',
          entityCode: '1473',
          datasource: 'bgp',
          subtype: '',
          from: START,
          until: LAST,
          step: STEP,
          nativeStep: STEP,
          values,
        },
      ],
    ],
  };
  writeFileSync(join(dir, 'ioda.json'), JSON.stringify(ioda, null, 2));
}

describe('ingest series → detect → events on DuckDB', () => {
  writeInputs();

  it('imports CSV and IODA series, reporting bad rows by line, idempotently', () => {
    const first = nightlight(['ingest', 'series', 'kz.csv', 'ioda.json']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /kz\.csv:6: Cannot read value/);
    assert.match(first.stderr, /ioda\.json:2: series 2: bgp: IODA region "1473"/);
    const info = () =>
      JSON.parse(nightlight(['db', 'info', '--json']).stdout) as { points: number; series: number };
    const before = info();
    assert.equal(before.series, 4);
    assert.equal(nightlight(['ingest', 'series', 'kz.csv', 'ioda.json']).code, 0);
    assert.deepEqual(info(), before);
  });

  it('detects one nationwide blackhole with routes up and both cuts of the network', () => {
    const run = nightlight(['detect', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { events: OutageEvent[]; health: unknown[] };
    assert.deepEqual(summary.health, []);
    assert.equal(summary.events.length, 1, JSON.stringify(summary.events, null, 1));
    const [event] = summary.events;
    outageEventSchema.parse(event);
    assert.equal(event!.location, 'country/KZ');
    assert.equal(event!.scope, 'nationwide');
    assert.deepEqual(event!.mechanisms, ['blackhole-routes-up']);
    assert.ok(Math.abs(event!.start - CUT) <= 2 * STEP, `start ${event!.start - CUT} s off`);
    assert.ok(Math.abs(event!.end! - END) <= 6 * STEP, `end ${event!.end! - END} s off`);
    const network = event!.affected.find((a) => a.entity === 'asn/64500')!;
    assert.equal(network.intervals.length, 2, JSON.stringify(network.intervals));
    assert.ok(Math.abs(network.intervals[0]!.end! - RESTORED) <= 6 * STEP);
    assert.ok(Math.abs(network.intervals[1]!.start - RECUT) <= 2 * STEP);
  });

  it('keeps the event id when detection runs again', () => {
    const again = nightlight(['detect', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const listed = JSON.parse(nightlight(['events', '--format', 'json']).stdout) as OutageEvent[];
    assert.equal(listed.length, 1);
  });

  it('withdraws an event stored earlier that a new run over its span no longer finds', async () => {
    const [kept] = JSON.parse(nightlight(['events', '--format', 'json']).stdout) as OutageEvent[];
    const store = await openStore(`duckdb:${db}`);
    await store.writeEvents([
      { ...kept!, id: 'KZ-20000101T0000Z-outage', start: kept!.start + STEP },
    ]);
    await store.close();
    assert.equal((JSON.parse(nightlight(['events', '--format', 'json']).stdout) as []).length, 2);
    const run = nightlight(['detect', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { retracted: string[] }).retracted, [
      'KZ-20000101T0000Z-outage',
    ]);
    const listed = JSON.parse(nightlight(['events', '--format', 'json']).stdout) as OutageEvent[];
    assert.deepEqual(
      listed.map((e) => e.id),
      [kept!.id],
    );
  });

  it('withdraws nothing outside the entities a filtered run judged', async () => {
    const [kept] = JSON.parse(nightlight(['events', '--format', 'json']).stdout) as OutageEvent[];
    const elsewhere = { ...kept!, id: 'UZ-20000101T0000Z-outage', location: 'country/UZ' as const };
    const store = await openStore(`duckdb:${db}`);
    await store.writeEvents([elsewhere]);
    await store.close();
    const filtered = nightlight(['detect', '--json', '--entity', 'country/KZ']);
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.deepEqual((JSON.parse(filtered.stdout) as { retracted: string[] }).retracted, []);
    const all = nightlight(['detect', '--json']);
    assert.deepEqual((JSON.parse(all.stdout) as { retracted: string[] }).retracted, [elsewhere.id]);
  });

  it('lists events by entity and status, as a table and as JSON', () => {
    const table = nightlight(['events', '--entity', 'asn/64500']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /KZ-\d{8}T\d{4}Z-outage\s+nationwide/);
    assert.equal(nightlight(['events', '--entity', 'country/UZ']).stdout.trim(), 'No events');
    assert.deepEqual(JSON.parse(nightlight(['--json', 'events', '--status', 'open']).stdout), []);
    assert.equal(nightlight(['events', '--status', 'maybe']).code, 65);
  });

  it('watches incrementally and reports the latency from bin close to event open', () => {
    const run = nightlight(['--json', 'detect', '--watch', '0.1', '--cycles', '2']);
    assert.equal(run.code, 0, run.stderr);
    const reports = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            opened: { id: string; latencySeconds: number }[];
            bins: number;
            updateMs: number;
          },
      );
    // The second cycle finds no new bin and prints nothing.
    assert.equal(reports.length, 1);
    assert.ok(reports[0]!.bins > 10000);
    assert.equal(reports[0]!.opened.length, 1);
    assert.match(reports[0]!.opened[0]!.id, /^KZ-\d{8}T\d{4}Z-outage$/);
    assert.ok(reports[0]!.opened[0]!.latencySeconds > 0);
    const listed = JSON.parse(nightlight(['events', '--format', 'json']).stdout) as OutageEvent[];
    assert.deepEqual(
      listed.map((e) => e.id),
      [reports[0]!.opened[0]!.id],
    );
  });
});

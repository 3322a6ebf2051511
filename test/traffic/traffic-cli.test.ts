/**
 * The traffic commands as a person runs them: real processes, DuckDB files, stdin, and an
 * ingest killed with SIGKILL half-way and restarted, which must end with the same series as an
 * uninterrupted run.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PassiveCheckpoint } from '../../src/collectors/traffic/passive-ingest.js';
import { openStore } from '../../src/store/open-store.js';
import { dumpSeries, fixture, writeHalvesGeo } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-traffic-cli-'));
const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const { env: geoEnv } = writeHalvesGeo(dir);
const LOG = fixture('logs/apache-combined-2015.log');
const args = (db: string, ...rest: string[]) => [
  '--import',
  import.meta.resolve('tsx'),
  entry,
  '--db',
  db,
  ...rest,
];

function nightlight(db: string, rest: string[], input = '') {
  const result = spawnSync(process.execPath, args(db, ...rest), {
    cwd: dir,
    env: { ...process.env, ...geoEnv },
    input,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withStore<T>(
  db: string,
  work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
): Promise<T> {
  const store = await openStore(`duckdb:${db}`);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('nightlight ingest logs and series', () => {
  const fileDb = join(dir, 'file.duckdb');

  it('ingests a file, and the same log from stdin gives the same series', () => {
    const file = nightlight(fileDb, ['ingest', 'logs', '--source', 'logs:apache', LOG]);
    assert.equal(file.code, 0, file.stderr);
    assert.match(
      file.stderr,
      /^nightlight: skipped line 8899 of .*apache-combined-2015\.log at byte 2111246: format_mismatch: /m,
    );
    assert.match(file.stdout, /logs:apache\s+10000\s+9999\s+1\s+84/);
    const stdinDb = join(dir, 'stdin.duckdb');
    const piped = nightlight(
      stdinDb,
      ['ingest', 'logs', '--source', 'logs:apache', '-'],
      readFileSync(LOG, 'latin1'),
    );
    assert.equal(piped.code, 0, piped.stderr);
    for (const entity of ['country/KZ', 'asn/64501']) {
      const a = nightlight(fileDb, ['series', entity, '--format', 'csv']).stdout;
      assert.equal(nightlight(stdinDb, ['series', entity, '--format', 'csv']).stdout, a);
      assert.equal(a.trimEnd().split('\n').length, 1 + 6 * 84);
    }
  });

  it('prints one series as a table, CSV or JSON with ISO UTC times', () => {
    const range = ['--from', '2015-05-17T10:00:00Z', '--to', '2015-05-17T12:00:00Z'];
    const table = nightlight(fileDb, [
      'series',
      'country/kz',
      '--signal',
      'traffic.requests',
      'traffic.ips',
      ...range,
    ]);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(
      table.stdout,
      [
        'country/KZ  source logs:apache',
        'time                  traffic.ips  traffic.requests',
        '2015-05-17T10:05:00Z           14                63',
        '2015-05-17T11:05:00Z           22                64',
        '',
      ].join('\n'),
    );
    const csv = nightlight(fileDb, [
      'series',
      'asn/AS64501',
      '--signal',
      'traffic.mobile_ua_share',
      '--format',
      'csv',
      ...range,
    ]);
    assert.equal(
      csv.stdout,
      'time,entity,signal,source,value,coverage\n2015-05-17T10:05:00Z,asn/64501,traffic.mobile_ua_share,logs:apache,0,1\n2015-05-17T11:05:00Z,asn/64501,traffic.mobile_ua_share,logs:apache,0,1\n',
    );
    const json: unknown = JSON.parse(
      nightlight(fileDb, [
        '--json',
        'series',
        'country/UZ',
        '--signal',
        'traffic.requests',
        ...range,
      ]).stdout,
    );
    assert.deepEqual(json, [
      {
        entity: 'country/UZ',
        signal: 'traffic.requests',
        source: 'logs:apache',
        points: [
          { time: '2015-05-17T10:05:00Z', value: 11, coverage: 1 },
          { time: '2015-05-17T11:05:00Z', value: 47, coverage: 1 },
        ],
      },
    ]);
  });

  it('exits 65 on an invalid entity, format or time', () => {
    for (const rest of [
      ['series', 'planet/earth'],
      ['series', 'country/KZ', '--format', 'xml'],
      ['series', 'country/KZ', '--from', 'yesterday'],
    ]) {
      const { code, stderr } = nightlight(fileDb, rest);
      assert.equal(code, 65, rest.join(' '));
      assert.match(stderr, /^nightlight: Cannot /);
    }
  });

  it('resumes an ingest killed with SIGKILL half-way and ends with the series of an uninterrupted run', async () => {
    const whole = join(dir, 'whole.duckdb');
    assert.equal(nightlight(whole, ['ingest', 'logs', '--batch-bins', '1', LOG]).code, 0);
    const expected = await withStore(whole, dumpSeries);
    // Kill once the write-ahead log shows some batches committed (DuckDB allows one process
    // per file, so the test watches the WAL's size instead of reading the store).
    let checkpoint: PassiveCheckpoint | undefined;
    let killed = '';
    for (const threshold of [20000, 8000, 40000, 4000, 60000]) {
      killed = join(dir, `killed-${threshold}.duckdb`);
      const child = spawn(
        process.execPath,
        args(killed, 'ingest', 'logs', '--batch-bins', '1', LOG),
        { env: { ...process.env, ...geoEnv }, stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      while (child.exitCode === null && child.signalCode === null) {
        if (existsSync(`${killed}.wal`) && statSync(`${killed}.wal`).size >= threshold)
          child.kill('SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await exited;
      checkpoint = await withStore(
        killed,
        async (store) =>
          (await store.getCheckpoint('logs:apache-combined-2015.log'))?.position as
            PassiveCheckpoint | undefined,
      );
      if (checkpoint !== undefined && !checkpoint.complete) break;
    }
    assert.ok(
      checkpoint !== undefined && !checkpoint.complete,
      'killed half-way with a checkpoint written',
    );
    assert.ok(checkpoint.resume.position.record > 1);
    const partial = await withStore(killed, dumpSeries);
    assert.ok(
      partial.size > 0 && partial.size < expected.size,
      `partial run wrote ${partial.size} of ${expected.size} points`,
    );
    const resumed = nightlight(killed, ['--json', 'ingest', 'logs', '--batch-bins', '1', LOG]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout) as { resumedFrom: { record: number } };
    assert.equal(report.resumedFrom.record, checkpoint.resume.position.record);
    assert.deepEqual(await withStore(killed, dumpSeries), expected);
  });
});

describe('nightlight ingest pcap', () => {
  it('writes the darknet series tshark predicts for the real captures', async () => {
    const db = join(dir, 'darknet.duckdb');
    const amp = nightlight(db, [
      '--json',
      'ingest',
      'pcap',
      fixture('pcap/amp.TCP.reflection.SYNACK.pcap'),
    ]);
    assert.equal(amp.code, 0, amp.stderr);
    assert.match(
      amp.stderr,
      /skipped packet 605 of .*amp\.TCP\.reflection\.SYNACK\.pcap at byte 48122: Cannot decode packet 605: not ip \(link type 1\)/,
    );
    const flood = nightlight(db, [
      '--json',
      'ingest',
      'pcap',
      '--source',
      'darknet:flood',
      fixture('pcap/pkt.TCP.synflood.spoofed.first10000.pcap'),
    ]);
    assert.equal(flood.code, 0, flood.stderr);
    // Expected values: test/fixtures/pcap/README.md (tshark + expected.awk).
    const totals = (stdout: string) => (JSON.parse(stdout) as { totals: unknown }).totals;
    assert.deepEqual(totals(amp.stdout), {
      sources: 4,
      packets: 160,
      spoofed: { bogon: 0, unrouted: 0, single_packet: 14 },
      backscatterSources: 7038,
      backscatterPackets: 7822,
    });
    assert.deepEqual(totals(flood.stdout), {
      sources: 182,
      packets: 364,
      spoofed: { bogon: 0, unrouted: 0, single_packet: 9636 },
      backscatterSources: 0,
      backscatterPackets: 0,
    });
    // Both halves of the address space together hold every source: sum the two countries.
    const values = await withStore(db, dumpSeries);
    const sum = (signal: string, source: string) =>
      [...values]
        .filter(([key]) => key.startsWith('country/') && key.includes(` ${signal} ${source} `))
        .reduce((s, [, [value]]) => s + value!, 0);
    const amps = 'darknet:amp.TCP.reflection.SYNACK.pcap';
    assert.deepEqual(
      [
        'darknet.sources',
        'darknet.spoofed_sources',
        'darknet.backscatter_sources',
        'darknet.backscatter_packets',
      ].map((s) => sum(s, amps)),
      [4, 14, 7038, 7822],
    );
    assert.deepEqual(
      [sum('darknet.sources', 'darknet:flood'), sum('darknet.spoofed_sources', 'darknet:flood')],
      [182, 9636],
    );
  });
});
